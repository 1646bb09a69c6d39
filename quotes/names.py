"""Common first names by gender, for gender agreement in speaker resolution ("Karin Holt ... she").

A compact list written for this package: given names that are common in English-language news and
in the European, African, South Asian, East Asian and Arabic names it reports, each listed under the
gender it is overwhelmingly given to. Names commonly given to both (Alex, Sam, Jean, Andrea, Kim,
Robin, Nicola, Simone, ...) are in neither list: for them the resolver relies on other evidence
(honorifics, gendered nouns, pronouns).
"""
import unicodedata
from typing import Optional

FEMALE_FIRST_NAMES = frozenset("""
abigail ada adaeze adela adele adeline adriana agata agatha agnes agnieszka aileen aisha alice alicia
alina alison alma amal amanda amara amelia amina amira amy ana anastasia angela angelica angelika
anita anja ann anna anne anneke annette annika anouk antonia anya astrid audrey aurelia ava
barbara beata beatrice beatriz belinda bernadette beth bethan bettina betty beverley birgit blanca
brenda bridget brigitte bronwen camila carla carmen carol carole caroline carolyn catherine cecilia
celine charlotte chiara chidinma chioma chloe christina christine cindy claire clara clare claudia
colette constance corinne cristina cynthia dagny daisy daniela daphne deborah debra deirdre delia
denise diana diane dilys dolores donna doris dorothy edith eileen elaine eleanor elena elif elin
elisa elisabeth eliza elizabeth ella ellen eloise elsa elsie emily emma erica erika esi esther
eunice eva eve evelyn ewa fatima fatuma felicity fiona florence frances francesca freya frida
gabriela gabrielle gemma georgina gillian gina giulia gloria grace greta gretchen gwen
gwendolyn hanna hannah hanne harriet hattie heather heidi helen helena helga henrietta hilda hilde
holly ida ilse imogen ines ingrid irene irina iris isabel isabella isabelle jacqueline jade jana
jane janet janice jasmine jenna jennifer jenny jessica jill joan joanna joanne johanna josephine
joy joyce judith judy julia julie juliet justyna karen karin karina karolina katarzyna kate
katharina katherine kathleen kathryn katie katja katrin kayla keiko kezia kirsten kristina laila
laura lauren layla leah leila lena lesley liesl lila lillian lily linda lisa liv liz lorna lorraine
lotte louise lucia lucy luisa lydia lynn madeleine magdalena maggie maja malgorzata mara margaret
margarida marguerite maria mariam marian marianne marie marina marisol marit marjorie marta martha
martina mary maryam matilda maureen maya megan melanie melissa mercy meryl mia michelle mildred
miriam molly monica monika nadia nadine nancy naomi natalia natalie natasha nell nicole nina nkechi
nora norah nuala olga olivia oona ottilie pamela patricia paula paulina pauline penelope petra
philippa phoebe pilar polly precious priya rachel rebecca regina renata rhiannon rita roberta rosa
rosalind rose rosemary ruth sabine sabrina sakura sally samantha sandra sara sarah saskia selma
shanthi sharon sheila shirley signe silvia sinead siobhan sofia sofie solveig sonia sophia sophie
stella stephanie susan susanne suzanne sylvia tamara tanya teresa tessa theresa tina tracey ulla
ulrike ursula valentina valeria vanessa vera veronica victoria violet virginia vivian wanda wendy
wilhelmina yasmin yolanda yvonne zainab zofia zoe zuzana
""".split())

MALE_FIRST_NAMES = frozenset("""
aaron abdul abdullah abel abraham adam adebayo adrian ahmed aidan ajay akira alan alberto albert
aleksander alessandro alexander alexei alfred ali alistair ambrose anand anders andre andreas
andrej andrew andrzej angus anil anton antonio arjun arne arnold arthur august barry bartosz basil
ben benedict benjamin bernard bill bjorn bob bogdan boris brendan brian bruce bruno bryan callum
calvin carl carlos caspar cedric charles chinedu christian christopher christoph clarence claude
clement clive colin conor conrad craig cyril dale damian daniel darnell darren dave david dean
declan dennis derek desmond diego dieter dimitri dmitri dominic donald douglas duncan dylan
eamon edgar edmund eduardo edward edwin elias elliot emeka emil emile emmanuel enrique eric erik
ernest ethan eugene evan ezra fabian felipe felix ferdinand fernando finn francesco francis
francisco frank franz fraser fred frederick gabriel gareth gary gavin geoffrey george geraint
gerald gerard gerhard giacomo gideon gilbert giorgio giovanni giuseppe gordon graham grant gregory
gunnar gustav guy hakon hamish hans harold harry harvey hassan hector helmut henrik henry herbert
hiroshi howard hugh hugo iain ian ibrahim igor isaac ivan jack jacob jakob jakub james jason
javier jeffrey jens jeremy jerome jim joachim joe johan johannes john jonas jonathan jorge jose
joseph joshua josiah juan julian julius jurgen justin karl keith kelvin ken kenji kenneth
kevin kieran kjell klaus krzysztof kwame kwabena lars lawrence leo leon leonard liam lionel
lorenzo louis luc luca lucas ludwig luis lukas luke lyle magnus malcolm manuel marc marcel marco
marcus mario mark marko martin mateo matteo matthew matthias mattias maurice max maximilian
michael michel miguel mikael mikhail miles mohammed mohammad muhammad nathan neil nicholas niels
nigel nikolai noah norman obinna olaf oliver omar oscar otto owen pablo patrick paul pavel pedro
peter philip philippe pierre piotr pradeep rafael rahul rajesh ralph ramon rasmus raymond
reginald richard rob robert roberto roger roland rolf roman ronald rory ross rudolf rupert russell
ryan salvatore samuel sanjay santiago scott sean sebastian sergei sergio seth shane shaun sidney
siegfried simon stanislaw stefan stephen steve steven stuart sven takeshi terence terry theo
theodore thomas tim timothy tobias tom tomas tomasz tony trevor tristan tyrone umar uwe valentin
victor vikram vincent vladimir walter warren wayne werner wilhelm william winston wojciech xavier
yaw yusuf yves zoltan
""".split())


def first_name_gender(word: str) -> Optional[str]:
    """"f" or "m" for a first name listed under one gender, else None.

    Accents are ignored ("Émile" is "emile"); a hyphenated name is looked up whole, then by its
    first part ("Jean-Baptiste" is neither, "Anna-Lena" is "f").

    word (str): a first name, in any case.
    RETURNS (Optional[str]): "f", "m" or None.
    """
    word = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    for name in (word, word.split("-")[0]):
        if name in FEMALE_FIRST_NAMES:
            return "f"
        if name in MALE_FIRST_NAMES:
            return "m"
    return None
