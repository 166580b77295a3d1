# Writes rhythm.csv: the buying-rhythm fixture of tests/it/lifecycle.rs (run once; the CSV is committed).
# A small wholesaler, as of 2025-12-31: steady buyers with noisy gaps and order values, spring-only
# buyers (3 seasons), customers new in 2025, small occasional ones, one steady buyer that stopped
# 4 months ago, lapsed and lost ones. Costs give margins of roughly 15-35%.
import datetime as dt
import math
import random

rng = random.Random(20251231)
AS_OF = dt.date(2025, 12, 31)
START = dt.date(2023, 1, 2)
rows = []


def order(cid, day, mean_value):
    value = round(math.exp(rng.gauss(math.log(mean_value), 0.45)), 2)
    margin = min(max(rng.gauss(0.26, 0.06), 0.08), 0.45)
    rows.append((cid, day, value, round(value * (1 - margin), 2)))


def steady(cid, gap, value, first, last):
    day = first + dt.timedelta(days=rng.randint(0, int(gap)))
    while day <= last:
        order(cid, day, value)
        day += dt.timedelta(days=max(1, round(gap * math.exp(rng.gauss(0, 0.35)))))


for i in range(40):
    steady(f"S{i:02}", rng.choice([7, 10, 14, 21, 30, 45]), rng.choice([300, 800, 2000]), START, AS_OF)
steady("STOPPED", 9, 1500, START, dt.date(2025, 8, 28))
for i in range(10):
    for year in (2023, 2024, 2025):
        for _ in range(rng.randint(3, 8)):
            day = dt.date(year, 3, 1) + dt.timedelta(days=rng.randint(0, 91))
            order(f"SPRING{i}", day, rng.choice([600, 1500]))
for i in range(10):
    first = dt.date(2025, rng.randint(2, 8), rng.randint(1, 28))
    # the last few orders end 25-45 days before as-of
    steady(f"NEW{i}", rng.choice([12, 16, 21]), 900, first, AS_OF - dt.timedelta(days=rng.randint(25, 45)))
for i in range(8):
    for _ in range(rng.randint(3, 5)):
        order(f"SMALL{i}", START + dt.timedelta(days=rng.randint(0, (AS_OF - START).days)), 250)
for i in range(6):
    steady(f"GONE{i}", 20, 700, START, dt.date(2024, rng.randint(1, 12), 15))

rows.sort(key=lambda r: (r[1], r[0]))
with open("rhythm.csv", "w") as f:
    f.write("customer_id,date,amount,cost\n")
    for cid, day, value, cost in rows:
        f.write(f"{cid},{day.isoformat()},{value:.2f},{cost:.2f}\n")
