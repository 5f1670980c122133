# French for Pacte's users: one way to show a date everywhere ("24 nov. 2026"), in place of
# Django's "24/11/2026" beside "24 novembre 2026". Input formats stay Django's French ones.
DATE_FORMAT = "j N Y"
SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j N Y, H:i"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
