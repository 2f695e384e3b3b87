"""Synthetic GTD records covering every code of the crosswalks (and unknown, blank and hostile
values), for the frame tests and the benchmarks (``benchmarks/run.py`` imports this file).
Deterministic for a seed."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

from softtargets import crosswalk
from softtargets.gtd import COLUMNS

COUNTRIES = (
    "Germany",
    "France",
    "Netherlands",
    "Belgium",
    "United Kingdom",
    "West Germany (FRG)",
    "Iraq",
    "International",
    "Atlantis",
    "",
)
GROUPS = (
    "Unknown",
    "Islamic State of Iraq and the Levant (ISIL)",
    "Basque Fatherland and Freedom (ETA)",
    "Kurdistan Workers' Party (PKK)",
    "Unaffiliated Individual(s)",
    "Neo-Nazi extremists",
    "Taliban",
    "",
)
UNKNOWN = ("", "-9", "-99", "nan")
HOSTILE = ("x", "5.0", "inf", "-3", "1e999", " 7 ", "99999")
EXTRA = tuple(f"filler{n}" for n in range(100))  # a real export has about 135 columns


def _codes(vocabulary: str) -> list[str]:
    return [e.code for e in crosswalk.entries(vocabulary)]


def rows(count: int, seed: int = 0, *, hostile: bool = True, first_year: int = 1970) -> Iterator[dict[str, str]]:
    """``count`` records: every code of each GTD vocabulary drawn in turn, mixed with unknown
    and (with ``hostile``) invalid values."""
    rng = random.Random(seed)
    vocab = {v: _codes(v) for v in crosswalk.VOCABULARIES if v.startswith("gtd_")}
    odd_values = UNKNOWN + (HOSTILE if hostile else ())

    odd = (*odd_values, *[""] * (19 * len(odd_values)))  # mostly blank, as in an export

    parents = {
        (v, e.code): e.parent or "" for v in ("gtd_target_subtype", "gtd_weapon_subtype") for e in crosswalk.entries(v)
    }

    def pick(vocabulary: str, n: int, blank: float) -> str:
        codes = vocab[vocabulary]
        if rng.random() < blank:
            return rng.choice(odd)
        return codes[n % len(codes)] if rng.random() < 0.5 else rng.choice(codes)

    def pair(kind: str, n: int, blank: float) -> tuple[str, str]:
        """A subtype and its own type, as an export has them; now and then a blank, a hostile
        value or a type that is not the subtype's."""
        if rng.random() < blank:
            return rng.choice(odd), rng.choice(odd)
        sub = pick(f"gtd_{kind}_subtype", n, 0.1)
        typ = parents.get((f"gtd_{kind}_subtype", sub)) or pick(f"gtd_{kind}_type", n, 0.1)
        return sub, (typ if rng.random() > 0.05 else pick(f"gtd_{kind}_type", n, 0.2))

    for n in range(count):
        row = {
            "eventid": f"{first_year + n % 50}{n:08d}",
            "iyear": str(first_year + n % 50) if rng.random() > 0.002 else rng.choice(odd),
            "imonth": str(rng.randrange(0, 13)) if rng.random() > 0.01 else rng.choice(odd),
            "iday": str(rng.randrange(0, 32)),
            "country_txt": rng.choice(COUNTRIES),
            "city": rng.choice(("Berlin", "Paris", "Unknown", "", "Amsterdam", "Brussel")),
            "attacktype1_txt": rng.choice(("Bombing/Explosion", "Armed Assault", "")),
            "targtype1_txt": rng.choice(("Private Citizens & Property", "Business", "")),
            "individual": rng.choice(("0", "1", "1", "", "-9")),
            "nperps": rng.choice(("1", "2", "5", "-99", "", "x")),
            "gname": rng.choice(GROUPS),
            "nkill": rng.choice(("0", "1", "3", "12", "", "-9", "2.0", "inf")),
            "nwound": rng.choice(("0", "4", "", "56")),
            "success": rng.choice(("1", "1", "0", "")),
        }
        for k in (1, 2, 3):
            # filled about as often as in an export: the first nearly always, the third seldom
            row[f"targsubtype{k}"], row[f"targtype{k}"] = pair("target", n * 3 + k, (0.05, 0.94, 0.99)[k - 1])
            row[f"attacktype{k}"] = pick("gtd_attack_type", n + k, (0.01, 0.97, 0.998)[k - 1])
        for k in (1, 2, 3, 4):
            blank = (0.05, 0.93, 0.99, 0.999)[k - 1]
            row[f"weapsubtype{k}"], row[f"weaptype{k}"] = pair("weapon", n * 2 + k, blank)
        yield row


def write_csv(path: Path, count: int, seed: int = 0, *, wide: bool = True, **kwargs: object) -> Path:
    """``count`` records as a GTD-like CSV (with ``wide``, padded with filler columns to the
    export's ~135)."""
    fields = [*COLUMNS, *(EXTRA if wide else ())]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        filler = dict.fromkeys(EXTRA if wide else (), "0")
        for row in rows(count, seed, **kwargs):  # type: ignore[arg-type]
            writer.writerow({**row, **filler})
    return path
