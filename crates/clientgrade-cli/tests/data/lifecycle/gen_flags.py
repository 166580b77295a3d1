# Writes flags_sales.csv and flags_invoices.csv: the red-flag fixture of tests/it/lifecycle.rs
# (run once; the CSVs are committed). A small B2B seller, as of 2025-12-31, with noise everywhere:
#   REG*   regular buyers: ~2 orders a month, a return on ~5% of orders, a discount on ~10%;
#          pay around the due date (90% within a few days, 10% 5-25 days late)
#   ONCE*  one order in the window, returned in part (one return line); some used one coupon
#   SERIAL* returns on about half of 10-20 orders
#   HAGGLE* a discount on most of 10-20 orders
#   LATE*  pay 45-90 days late
#   HOLIDAY* pay early, but the last invoice (due late December) is unpaid 3-6 days past due at as-of
#   VOIDED* pay on time; two of their invoices were voided and re-issued (Status = Void, no paid date)
import datetime as dt
import math
import random

rng = random.Random(7)
AS_OF = dt.date(2025, 12, 31)
W0 = dt.date(2025, 1, 1)
sales, invoices = [], []
inv_no = [1000]


def order(cid, day, mean=400.0, ret=0.0, disc=0.0, pay=None, status="Paid"):
    inv_no[0] += 1
    no = f"INV{inv_no[0]}"
    value = round(math.exp(rng.gauss(math.log(mean), 0.5)), 2)
    d = round(value * rng.uniform(0.1, 0.3), 2) if rng.random() < disc else 0.0
    net = round(value - d, 2)
    sales.append((cid, day, no, net, round(value * rng.uniform(0.6, 0.75), 2), d))
    if rng.random() < ret:
        back = round(net * rng.uniform(0.3, 1.0), 2)
        rday = day + dt.timedelta(days=rng.randint(2, 15))
        if rday <= AS_OF:
            sales.append((cid, rday, no, -back, -round(back * 0.68, 2), 0.0))
    due = day + dt.timedelta(days=30)
    delay = pay() if pay else (rng.gauss(-3, 4) if rng.random() < 0.9 else rng.uniform(5, 25))
    paid = due + dt.timedelta(days=round(delay))
    if status == "Void" or paid > AS_OF:
        paid = None
    if due <= AS_OF + dt.timedelta(days=30):
        invoices.append((no, cid, day, due, round(net * 1.19, 2), paid, status))


def days(n, start=dt.date(2024, 1, 1), end=dt.date(2025, 11, 30)):
    span = (end - start).days
    return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))


for i in range(40):
    for d in days(rng.randint(30, 50)):
        order(f"REG{i}", d, ret=0.05, disc=0.1)
for i in range(12):
    d = days(1, W0)[0]
    order(f"ONCE{i}", d, ret=1.0, disc=0.5 if i % 2 else 0.0)
for i in range(6):
    for d in days(rng.randint(10, 20), W0):
        order(f"SERIAL{i}", d, ret=0.5)
for i in range(6):
    for d in days(rng.randint(10, 20), W0):
        order(f"HAGGLE{i}", d, disc=0.8)
for i in range(5):
    for d in days(rng.randint(12, 20)):
        order(f"LATE{i}", d, pay=lambda: rng.gauss(rng.uniform(45, 90), 12))
for i in range(5):
    ds = days(rng.randint(14, 20), end=dt.date(2025, 11, 1))
    for d in ds:
        order(f"HOLIDAY{i}", d, pay=lambda: rng.gauss(-5, 2))
    # the last invoice, due in the last week of December, is not paid yet
    order(f"HOLIDAY{i}", dt.date(2025, 11, 25) + dt.timedelta(days=rng.randint(0, 3)),
          pay=lambda: 60)
for i in range(5):
    ds = days(rng.randint(14, 20))
    for j, d in enumerate(ds):
        order(f"VOIDED{i}", d, pay=lambda: rng.gauss(-3, 3), status="Void" if j in (3, 9) else "Paid")

sales.sort(key=lambda r: (r[1], r[2], -r[3]))
with open("flags_sales.csv", "w") as f:
    f.write("customer_id,date,order_id,amount,cost,discount\n")
    for cid, day, no, net, cost, d in sales:
        f.write(f"{cid},{day},{no},{net:.2f},{cost:.2f},{d:.2f}\n")
invoices.sort(key=lambda r: (r[2], r[0]))
with open("flags_invoices.csv", "w") as f:
    f.write("Invoice #,Client,Date,Due Date,Total,Paid Date,Status\n")
    for no, cid, day, due, total, paid, status in invoices:
        f.write(f"{no},{cid},{day},{due},{total:.2f},{paid or ''},{status}\n")
