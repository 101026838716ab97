# any-gen.awk — a synthetic survey of bench/any-codebook.csv (a questionnaire
# of any kind: single, numeric, participation and likert items) for the
# benchmark, bench/run.sh:
#     awk -v n=1000000 -v seed=2024 -f bench/any-gen.awk > any-1000000.csv
# Answers depend on a latent attitude and on age, so that tests find
# differences; about 2% of each answer is missing (blank, or the missing
# codes 9 and -1).  The figures depend on the awk's random numbers (mawk and
# gawk differ); the benchmark measures time and memory, not the figures.
function pick(k) { return int(rand() * k) + 1 }
function likert(z,   x) {
    if (rand() < 0.02) return 9
    x = 3 + z + (rand() + rand() + rand() - 1.5) * 1.6
    x = int(x + 0.5)
    return x < 1 ? 1 : x > 5 ? 5 : x
}
function yesno(p) { return rand() < 0.02 ? 9 : rand() < p ? 1 : 0 }
BEGIN {
    if (n == "") n = 1000000
    srand(seed == "" ? 2024 : seed)
    print "编号,性别,年龄,社区,文化程度,住房,月收入,居住年限,参加议事,参加志愿,参加文体,参加线上,邻里1,邻里2,邻里3,归属1,归属2,归属3,归属4"
    for (i = 1; i <= n; i++) {
        age = 18 + int(rand() * rand() * 40 + rand() * 42)
        z = (rand() - 0.5) * 1.4 + (age - 45) / 60
        edu = age > 60 ? pick(3) : pick(5)
        income = rand() < 0.03 ? "" : sprintf("%.1f", 1500 + edu * 1200 * (0.5 + rand()) + rand() * 3000)
        years = rand() < 0.02 ? -1 : int(rand() * (age - 16))
        p = 0.15 + (age - 18) / 200 + z * 0.1
        printf "%d,%d,%d,%d,%d,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d\n",
            i, pick(2), age, pick(6), edu, rand() < 0.02 ? 9 : pick(4), income, years,
            yesno(p), yesno(p + 0.1), yesno(p + 0.05), yesno(0.5 - p / 2),
            likert(z), likert(z), likert(z * 0.8), likert(z + 0.2), likert(z), likert(z + 0.3), likert(z * 0.9)
    }
}
