"""The demo's fictitious names, places and school, shared by the everyday demo (`services.demo`)
and the sized one (`services.demo_large`). Every name is made up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from cwsw_desktop.models import AcademicYear, School
from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.rules.upn import check_letter
from cwsw_desktop.services.school import year_columns

DEMO_SCHOOL = "Larkspur Demonstration Academy (fictitious)"
FORENAMES = [
    "Amara",
    "Bailey",
    "Caelan",
    "Darcey",
    "Eliza",
    "Finlay",
    "Greta",
    "Harlow",
    "Idris",
    "Juno",
    "Kairo",
    "Lyra",
    "Marlo",
    "Nell",
    "Orrin",
    "Perrin",
    "Quilla",
    "Rowan",
    "Saoirse",
    "Tobiah",
    "Una",
    "Vesper",
    "Wren",
    "Xanthe",
    "Yestin",
    "Zola",
    "Anouk",
    "Bram",
    "Cerys",
    "Dov",
    "Élodie",
    "Siân",
    "Zoë",
    "Renée",
    "Seán",
]
SURNAMES = [
    "Ashdown",
    "Brightwell",
    "Cotterill",
    "Dunmore",
    "Elsworth",
    "Fairbairn",
    "Glenister",
    "Hollowell",
    "Ingleby",
    "Jessop",
    "Kettering",
    "Larkworthy",
    "Mossop",
    "Northcott",
    "Oakenfold",
    "Pennycook",
    "Quarrington",
    "Rushworth",
    "Stanbury",
    "Thistlewood",
    "Underhill",
    "Vowles",
    "Winstanley",
    "Yardley",
    "O'Fallon",
    "D'Arcy-Penn",
    "Ní Bhriain",
]
NICKNAMES = {
    "Tobiah": "Toby",
    "Eliza": "Lizzie",
    "Finlay": "Fin",
    "Rowan": "Ro",
    "Xanthe": "Xan",
    "Vesper": "Vee",
    "Harlow": "Harley",
    "Kairo": "Kai",
}
AUTHORITIES = [
    "Hertfordshire",
    "Hertfordshire",
    "Hertfordshire",
    "Bedford Borough",
    "Essex",
    "Luton",
    "Barnet",
    "Central Bedfordshire",
]
PLACEMENTS = [
    "Foster care (LA)",
    "Foster care (IFA)",
    "Kinship care",
    "Residential home",
    "Placed with parents",
]
PLA_ROUTES = ["Adoption", "SGO", "CAO"]


@dataclass(frozen=True)
class DemoSummary:
    pupils: int
    peps: int
    exclusions: int
    training_sessions: int


def make_upn(serial: int, year: int) -> str:
    # 1,000 serials per establishment and year; larger demo schools borrow more establishments.
    body = f"919{4999 - serial // 1000:04d}{year % 100:02d}{serial % 1000:03d}"
    return check_letter(body) + body


def demo_school(session: Session, current: int, years: range) -> School:
    """The demo school's details (marked fictitious) and the term dates of `years`."""
    school = session.get(School, 1) or School(id=1)
    school.name = DEMO_SCHOOL
    school.urn = "999999"
    school.local_authority = "Hertfordshire"
    school.vs_phone = "01632 960000"
    school.vs_email = "virtual.school@example.org"
    school.vs_adviser = "Pat Demo (Education Adviser)"
    school.dt_name, school.dt_since = "Ms Ada Quennell", current - 3
    school.governor_name, school.governor_since = "Dr Iris Fenwick", current - 1
    school.dsl_name, school.dsl_since = "Mr Bryn Tallis", current - 2
    school.policy_approved = date(current, 10, 1)
    school.policy_review = date(current + 1, 10, 1)
    session.add(school)
    for start_year in years:
        columns = year_columns(default_terms(start_year))
        session.add(AcademicYear.model_validate({"start_year": start_year, **columns}))
    return school
