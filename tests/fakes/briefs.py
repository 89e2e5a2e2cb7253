"""Campaign briefs that several test modules generate and refine flows from."""

from __future__ import annotations

WINBACK = (
    "Win back customers who haven't ordered in 90 days. Offer 15% off and if they don't reply "
    "within 2 days send one reminder, then stop."
)
CART = (
    "Abandoned cart: text customers who started checkout in the last 1 day. Remind them of their cart "
    "with 10% off, Reply YES to buy. If no reply in 4 hours send one reminder."
)
VIP = (
    "VIP reorder: customers with customer_type VIP who ordered in the last 60 days. Offer $5 off with "
    "code VIP5. Reply BUY to reorder. Send tomorrow at 10am PST."
)
WELCOME = (
    "Welcome series for new subscribers: send a welcome message, wait 1 day, then show our best "
    "sellers and let them reply to pick a product."
)
