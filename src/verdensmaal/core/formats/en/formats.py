"""English dates as British English writes them (1 August 2031), for a site read in Europe;
Django's own English formats are American (Aug. 1, 2031). Formats not named here are Django's."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
