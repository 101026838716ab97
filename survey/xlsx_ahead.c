/* xlsx_ahead.c — a large part of a workbook inflated by a second thread, a
 * few chunks ahead of the scan (xlsx_xml.c): inflating is about a fifth of
 * the work of reading a sheet.  The thread is the only user of the archive
 * while it runs; it stops when the part ends, on an error of zip_fread, or
 * when the scan stops it.
 */
#include "survey/xlsx_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void *ahead_main(void *arg)
{
    struct ahead *a = arg;
    for (size_t k = 0;; k = (k + 1) % SLOTS) {
        pthread_mutex_lock(&a->mu);
        while (a->full[k] && !a->stop)
            pthread_cond_wait(&a->cv, &a->mu);
        int stop = a->stop;
        pthread_mutex_unlock(&a->mu);
        if (stop)
            return NULL;
        zip_int64_t n = zip_fread(a->zf, a->data[k], a->chunk);
        pthread_mutex_lock(&a->mu);
        a->n[k] = n;
        a->full[k] = 1;
        pthread_cond_broadcast(&a->cv);
        pthread_mutex_unlock(&a->mu);
        if (n <= 0)
            return NULL;
    }
}

/* Stop the thread (if it runs) and free A. */
void xl_ahead_end(struct ahead *a)
{
    if (a->running) {
        pthread_mutex_lock(&a->mu);
        a->stop = 1;
        pthread_cond_broadcast(&a->cv);
        pthread_mutex_unlock(&a->mu);
        pthread_join(a->thread, NULL);
        a->running = 0;
        pthread_cond_destroy(&a->cv);
        pthread_mutex_destroy(&a->mu);
    }
    for (size_t k = 0; k < SLOTS; k++)
        free(a->data[k]);
    memset(a, 0, sizeof *a);
}

/* Start inflating ZF ahead in chunks of CHUNK; 0, or -1 (then nothing runs
   and the caller inflates as it goes). */
int xl_ahead_start(struct ahead *a, zip_file_t *zf, size_t chunk)
{
    memset(a, 0, sizeof *a);
    a->zf = zf, a->chunk = chunk;
    for (size_t k = 0; k < SLOTS; k++)
        if (!(a->data[k] = malloc(chunk))) {
            xl_ahead_end(a);
            return -1;
        }
    if (pthread_mutex_init(&a->mu, NULL) != 0) {
        xl_ahead_end(a);
        return -1;
    }
    if (pthread_cond_init(&a->cv, NULL) != 0) {
        pthread_mutex_destroy(&a->mu);
        xl_ahead_end(a);
        return -1;
    }
    if (pthread_create(&a->thread, NULL, ahead_main, a) != 0) {
        pthread_cond_destroy(&a->cv);
        pthread_mutex_destroy(&a->mu);
        xl_ahead_end(a);
        return -1;
    }
    a->running = 1;
    return 0;
}

/* The next chunk, copied to DST: its size, 0 at the end, -1 on an error of
   zip_fread (the thread has ended then: zip_file_strerror() may be asked). */
zip_int64_t xl_ahead_take(struct ahead *a, unsigned char *dst)
{
    size_t k = a->next;
    pthread_mutex_lock(&a->mu);
    while (!a->full[k])
        pthread_cond_wait(&a->cv, &a->mu);
    zip_int64_t n = a->n[k];
    pthread_mutex_unlock(&a->mu);
    if (n > 0)
        memcpy(dst, a->data[k], (size_t)n);
    pthread_mutex_lock(&a->mu);
    a->full[k] = 0;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    a->next = (k + 1) % SLOTS;
    if (n <= 0) { /* the thread has returned */
        pthread_join(a->thread, NULL);
        a->running = 0;
        pthread_cond_destroy(&a->cv);
        pthread_mutex_destroy(&a->mu);
    }
    return n;
}
