"""England's local authority numbers, as characters 2–4 of a UPN carry them (DfE "LA codes").

Kept as data, not logic: when an authority is created or abolished, edit this table. A UPN is a
pupil's for life, so an abolished authority's number stays known (with the year it closed): a
child whose UPN Cumbria (909) allocated in 2015 still has that UPN today. Current as of the
2023 reorganisation: Dorset (838) and Bournemouth, Christchurch and Poole (839) from 2019; North
and West Northamptonshire (940, 941) from 2021; Cumberland (942) and Westmorland and Furness
(943) from 2023.
"""

from __future__ import annotations

from typing import NamedTuple


class LocalAuthority(NamedTuple):
    name: str
    closed: int | None = None  # the year it was abolished; None while it exists


_OPEN = {
    # London
    201: "City of London", 202: "Camden", 203: "Greenwich", 204: "Hackney",
    205: "Hammersmith and Fulham", 206: "Islington", 207: "Kensington and Chelsea", 208: "Lambeth",
    209: "Lewisham", 210: "Southwark", 211: "Tower Hamlets", 212: "Wandsworth", 213: "Westminster",
    301: "Barking and Dagenham", 302: "Barnet", 303: "Bexley", 304: "Brent", 305: "Bromley",
    306: "Croydon", 307: "Ealing", 308: "Enfield", 309: "Haringey", 310: "Harrow", 311: "Havering",
    312: "Hillingdon", 313: "Hounslow", 314: "Kingston upon Thames", 315: "Merton", 316: "Newham",
    317: "Redbridge", 318: "Richmond upon Thames", 319: "Sutton", 320: "Waltham Forest",
    # Metropolitan boroughs
    330: "Birmingham", 331: "Coventry", 332: "Dudley", 333: "Sandwell", 334: "Solihull",
    335: "Walsall", 336: "Wolverhampton", 340: "Knowsley", 341: "Liverpool", 342: "St. Helens",
    343: "Sefton", 344: "Wirral", 350: "Bolton", 351: "Bury", 352: "Manchester", 353: "Oldham",
    354: "Rochdale", 355: "Salford", 356: "Stockport", 357: "Tameside", 358: "Trafford",
    359: "Wigan", 370: "Barnsley", 371: "Doncaster", 372: "Rotherham", 373: "Sheffield",
    380: "Bradford", 381: "Calderdale", 382: "Kirklees", 383: "Leeds", 384: "Wakefield",
    390: "Gateshead", 391: "Newcastle upon Tyne", 392: "North Tyneside", 393: "South Tyneside",
    394: "Sunderland", 420: "Isles of Scilly",
    # Unitary authorities and counties
    800: "Bath and North East Somerset", 801: "Bristol, City of", 802: "North Somerset",
    803: "South Gloucestershire", 805: "Hartlepool", 806: "Middlesbrough",
    807: "Redcar and Cleveland", 808: "Stockton-on-Tees", 810: "Kingston upon Hull, City of",
    811: "East Riding of Yorkshire", 812: "North East Lincolnshire", 813: "North Lincolnshire",
    815: "North Yorkshire", 816: "York", 821: "Luton", 822: "Bedford", 823: "Central Bedfordshire",
    825: "Buckinghamshire", 826: "Milton Keynes", 830: "Derbyshire", 831: "Derby",
    838: "Dorset", 839: "Bournemouth, Christchurch and Poole", 840: "County Durham",
    841: "Darlington", 845: "East Sussex", 846: "Brighton and Hove", 850: "Hampshire",
    851: "Portsmouth", 852: "Southampton", 855: "Leicestershire", 856: "Leicester", 857: "Rutland",
    860: "Staffordshire", 861: "Stoke-on-Trent", 865: "Wiltshire", 866: "Swindon",
    867: "Bracknell Forest", 868: "Windsor and Maidenhead", 869: "West Berkshire", 870: "Reading",
    871: "Slough", 872: "Wokingham", 873: "Cambridgeshire", 874: "Peterborough", 876: "Halton",
    877: "Warrington", 878: "Devon", 879: "Plymouth", 880: "Torbay", 881: "Essex",
    882: "Southend-on-Sea", 883: "Thurrock", 884: "Herefordshire", 885: "Worcestershire",
    886: "Kent", 887: "Medway", 888: "Lancashire", 889: "Blackburn with Darwen", 890: "Blackpool",
    891: "Nottinghamshire", 892: "Nottingham", 893: "Shropshire", 894: "Telford and Wrekin",
    895: "Cheshire East", 896: "Cheshire West and Chester", 908: "Cornwall", 916: "Gloucestershire",
    919: "Hertfordshire", 921: "Isle of Wight", 925: "Lincolnshire", 926: "Norfolk",
    929: "Northumberland", 931: "Oxfordshire", 933: "Somerset", 935: "Suffolk", 936: "Surrey",
    937: "Warwickshire", 938: "West Sussex", 940: "North Northamptonshire",
    941: "West Northamptonshire", 942: "Cumberland", 943: "Westmorland and Furness",
}  # fmt: skip

_CLOSED = {
    820: LocalAuthority("Bedfordshire", 2009),
    835: LocalAuthority("Dorset (before 2019)", 2019),
    836: LocalAuthority("Poole", 2019),
    837: LocalAuthority("Bournemouth", 2019),
    875: LocalAuthority("Cheshire", 2009),
    909: LocalAuthority("Cumbria", 2023),
    928: LocalAuthority("Northamptonshire", 2021),
}

LA_CODES: dict[int, LocalAuthority] = {code: LocalAuthority(name) for code, name in _OPEN.items()} | _CLOSED
