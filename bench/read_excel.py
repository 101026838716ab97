"""canyu benchmark: what a pandas user runs first on an Excel export.

    python3 bench/read_excel.py FILE.xlsx

Reads the first sheet with pandas.read_excel (openpyxl underneath, as pandas
uses for .xlsx) and prints the participation rate by age group (the default
bands) and the Pearson chi-square of participant by age group, the first
figures of canyu's report, so that the read is not all that is timed.
bench/run.sh times it.
"""
import sys

import numpy as np
import pandas as pd

if len(sys.argv) != 2:
    sys.exit("usage: python3 bench/read_excel.py FILE.xlsx")
d = pd.read_excel(sys.argv[1])
acts = ["act_council", "act_volunteer", "act_party", "act_culture", "act_environment", "act_online"]
a = d[acts].where(d[acts] != 9)
answered = a.notna().sum(axis=1)
intensity = a.eq(1).sum(axis=1).where(answered > 0)
d["participant"] = (intensity > 0).astype(float).where(intensity.notna())
d["age_group"] = pd.cut(np.floor(d["age"]), [18, 30, 40, 50, 60, 70, np.inf], right=False,
                        labels=["18-29", "30-39", "40-49", "50-59", "60-69", "70+"])
t = pd.crosstab(d["participant"], d["age_group"])
expected = np.outer(t.sum(axis=1), t.sum(axis=0)) / t.values.sum()
print("records", len(d))
print(d.groupby("age_group", observed=False)["participant"].mean().round(6).to_string())
print("chi_square %.6f" % ((t.values - expected) ** 2 / expected).sum())
