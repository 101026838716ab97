* canyu benchmark: the analysis of `canyu report`, in PSPP syntax.
* The data file comes from a file handle named SURVEY, defined by a syntax
* file given before this one (bench/run.sh writes it):
*     FILE HANDLE survey /NAME='build/bench/boli-1000000.csv'.
*     pspp -O format=txt -o out.txt handle.sps bench/analysis.sps
* Columns: those of the default codebook (samples/codebook.csv), as
* `canyu sample` writes them.

* Thousands of comments hold commas or line breaks: never stop on warnings.
SET MXWARNS=0.

* PSPP 1.6 does not continue a quoted field onto the next line: a comment
* with a line break leaves its second line as a case of its own, with
* every number missing.  SELECT IF below drops those cases.  The comment is
* not analysed; 8 bytes of it are kept.
GET DATA /TYPE=TXT /FILE=survey /ENCODING='UTF-8' /ARRANGEMENT=DELIMITED
  /FIRSTCASE=2 /DELIMITERS=',' /QUALIFIER='"'
  /VARIABLES=id A16 year F4 subdistrict F2 community F2 gender F1 age F3
    party_member F1
    act_council F1 act_volunteer F1 act_party F1 act_culture F1
    act_environment F1 act_online F1
    barrier F1
    sat_environment F1 sat_security F1 sat_culture F1 sat_eldercare F1
    sat_party F1 sat_digital F1 sat_emergency F1
    trust_neighbors F1 trust_help F1 trust_selfish F1
    trust_committee F1 trust_subdistrict F1 trust_party F1
    duration F8 comment A8.
SELECT IF NOT SYSMIS(year).

* The codebook: 9 means missing; trust_selfish is reverse-worded (1..5).
MISSING VALUES act_council TO act_online barrier
    sat_environment TO trust_party (9).
RECODE trust_selfish (1=5) (2=4) (4=2) (5=1).

* Age group: the default bands 18-29,30-39,40-49,50-59,60-69,70+.
RECODE age (18 THRU 29=1) (30 THRU 39=2) (40 THRU 49=3) (50 THRU 59=4)
    (60 THRU 69=5) (70 THRU HIGHEST=6) (ELSE=SYSMIS) INTO age_group.
VALUE LABELS age_group 1 '18-29' 2 '30-39' 3 '40-49' 4 '50-59' 5 '60-69' 6 '70+'.

* Participant: yes to any activity; intensity: the number of yeses; both
* missing when every activity is missing.
COUNT intensity = act_council TO act_online (1).
COUNT answered = act_council TO act_online (0 1).
COMPUTE participant = intensity > 0.
IF (answered = 0) participant = $SYSMIS.
IF (answered = 0) intensity = $SYSMIS.

* Scale indices, 0-100, for respondents who answered every item (listwise).
COMPUTE services = (MEAN.7(sat_environment, sat_security, sat_culture,
    sat_eldercare, sat_party, sat_digital, sat_emergency) - 1) / 4 * 100.
COMPUTE interpersonal = (MEAN.3(trust_neighbors, trust_help, trust_selfish)
    - 1) / 4 * 100.
COMPUTE institutional = (MEAN.3(trust_committee, trust_subdistrict,
    trust_party) - 1) / 4 * 100.

* Logistic regression terms, with canyu's reference categories: the first
* age band, gender 1 (男), party_member 0 (否).
COMPUTE age_30_39 = age_group = 2.
COMPUTE age_40_49 = age_group = 3.
COMPUTE age_50_59 = age_group = 4.
COMPUTE age_60_69 = age_group = 5.
COMPUTE age_70 = age_group = 6.
COMPUTE female = gender = 2.
COMPUTE member = party_member = 1.
EXECUTE.

* Sample profile, Likert item distributions, activities and barriers.
FREQUENCIES /VARIABLES=age_group gender party_member subdistrict community
    act_council TO act_online barrier sat_environment TO trust_party
  /STATISTICS=MEAN STDDEV.

* Participation by age group: chi-square (with the linear-by-linear test)
* and adjusted residuals; by community; activities and barriers by age group.
CROSSTABS /TABLES=participant BY age_group
  /STATISTICS=CHISQ PHI
  /CELLS=COUNT ROW COLUMN ASRESIDUAL.
CROSSTABS /TABLES=participant BY community
    /TABLES=act_council act_volunteer act_party act_culture act_environment
        act_online barrier BY age_group
  /CELLS=COUNT COLUMN.

* Items, intensity and indices: n, mean, SD; by age group and community.
DESCRIPTIVES /VARIABLES=sat_environment TO trust_party intensity services
    interpersonal institutional
  /STATISTICS=MEAN STDDEV SEMEAN MIN MAX.
MEANS TABLES=intensity services interpersonal institutional BY age_group
    /services interpersonal institutional BY community
  /CELLS=COUNT MEAN STDDEV.

* Cronbach's alpha per scale, with item-total statistics.
RELIABILITY /VARIABLES=sat_environment sat_security sat_culture
    sat_eldercare sat_party sat_digital sat_emergency
  /SCALE('services') ALL /MODEL=ALPHA /SUMMARY=TOTAL.
RELIABILITY /VARIABLES=trust_neighbors trust_help trust_selfish
  /SCALE('interpersonal') ALL /MODEL=ALPHA /SUMMARY=TOTAL.
RELIABILITY /VARIABLES=trust_committee trust_subdistrict trust_party
  /SCALE('institutional') ALL /MODEL=ALPHA /SUMMARY=TOTAL.

* Kruskal-Wallis of each index across communities and across age groups.
NPAR TESTS /K-W=services interpersonal institutional BY community (1, 11)
  /K-W=services interpersonal institutional BY age_group (1, 6).

* Spearman rho of each index with intensity.  PSPP 1.6 does not implement
* NONPAR CORR, so: Pearson correlation of average ranks (RANK's default
* TIES=MEAN), ranked over the cases where both values are present -- the
* definition of Spearman's rho; CORRELATIONS gives its t-test p-value.
DO REPEAT ix = services interpersonal institutional
    / a = rs_ix ri_ix rn_ix / b = rs_in ri_in rn_in.
  COMPUTE a = ix.
  COMPUTE b = intensity.
  IF (MISSING(intensity)) a = $SYSMIS.
  IF (MISSING(ix)) b = $SYSMIS.
END REPEAT.
RANK VARIABLES=rs_ix ri_ix rn_ix rs_in ri_in rn_in
  /RANK INTO r_rs_ix r_ri_ix r_rn_ix r_rs_in r_ri_in r_rn_in.
CORRELATIONS /VARIABLES=r_rs_ix WITH r_rs_in
  /VARIABLES=r_ri_ix WITH r_ri_in
  /VARIABLES=r_rn_ix WITH r_rn_in
  /PRINT=TWOTAIL.

* Logistic regression of participant, complete cases.
LOGISTIC REGRESSION participant WITH age_30_39 age_40_49 age_50_59
    age_60_69 age_70 female member services interpersonal institutional
  /CRITERIA=BCON(1e-8) ITERATE(50)
  /PRINT=CI(95).
