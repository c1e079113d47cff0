"""The fixed country lists a call's eligibility and the selection read: UNESCO's regions, the
least developed countries (UN list, 2024) and the small island developing States (UN-OHRLLS)."""
from __future__ import annotations

from lms.centres.models import Region

_REGIONS = {
    Region.africa: "AO BJ BW BF BI CM CV CF TD KM CG CD CI GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW ML MU "
                   "MZ NA NE NG RW ST SN SC SL SS TZ TG UG ZM ZW ZA",
    Region.arab_states: "DZ BH DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE",
    Region.asia_pacific: "AF AU BD BT BN KH CN CK FJ IN ID IR JP KZ KI KG LA MY MV MH FM MN MM NR NP NZ NU PK "
                         "PW PG PH KR KP WS SG SB LK TJ TH TL TO TM TV UZ VU VN HK MO",
    Region.europe_north_america: "AL AD AM AT AZ BY BE BA BG CA HR CY CZ DK EE FI FR GE DE GR HU IS IE IL IT LV "
                                 "LT LU MT MC ME NL MK NO PL PT MD RO RU SM RS SK SI ES SE CH TR UA GB US",
    Region.latin_america_caribbean: "AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY "
                                    "PE KN LC VC SR TT UY VE",
}

def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


REGION_OF: dict[str, Region] = {code: region for region, codes in _REGIONS.items() for code in codes.split()}

LDC = _codes("AF AO BD BJ BF BI KH CF TD KM CD DJ ER ET GM GN GW HT KI LA LS LR MG MW ML MR MZ MM NP NE RW "
                "SN SL SB SO SS SD TL TG TV UG TZ YE ZM")
SIDS = _codes("AG BS BB BZ CV KM CU DM DO FJ GD GW GY HT JM KI MV MH FM MU NR PG WS ST SC SG SB KN LC VC "
                 "SR TL TO TT TV VU BH PW CK NU")
# The lists a call may restrict its eligibility to, by the key stored on the call.
COUNTRY_LISTS: dict[str, frozenset[str]] = {"ldc": LDC, "sids": SIDS}


def region_of(country: str | None) -> Region | None:
    return REGION_OF.get(country or "")


def countries_of(region: Region) -> list[str]:
    return _REGIONS[region].split()
