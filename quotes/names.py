"""Common first names by gender, for gender agreement in speaker resolution ("Karin Holt ... she").

A compact list written for this package: given names that are common in English-language news and
in the European, African, South Asian, East Asian and Arabic names it reports, each listed under the
gender it is overwhelmingly given to. Names commonly given to both (Alex, Sam, Jean, Andrea, Kim,
Robin, Nicola, Simone, ...) are in neither list: for them the resolver relies on other evidence
(honorifics, gendered nouns, pronouns). Names not listed here are looked up in the 1990 US
Census lists (`quotes.census_names`), which add about 4,000 more.
"""
import unicodedata
from typing import Optional

from .census_names import CENSUS_FEMALE, CENSUS_MALE

FEMALE_FIRST_NAMES = frozenset("""
aaliyah abby abena abigail ada adaeze adela adele adeline adriana adwoa agata agatha agnes agnese
agnieszka aileen ailsa aisha akosua alessandra alice alicia alina alison alma amal amanda amara
amber amelia amina aminata amira amy ana anastasia angela angelica angelika anita anja anjali anke
ann anna anne anneke annette annika anouk antonia anya aoife astrid audrey aurelia ava ayesha
barbara beata beatrice beatrix beatriz becky belinda bella bernadette beth bethan bettina betty
beverley birgit blanca brenda bridget brigitte bronwen camila caoimhe carla carmela carmen carol
carole caroline carolyn carys catherine cathy catriona cecilia celine cerys charlotte chiamaka
chiara chidinma chioma chloe christina christine ciara cindy claire clara clare claudia colette
constance consuelo corinne cristina cynthia dagmar dagny daisy daniela daphne debbie deborah debra
deepa deirdre delia denise diana diane dilys dolores donna doris dorota dorothy dragana edith efua
eileen eilidh ekaterina elaine eleanor elena eleri elif elin elisa elisabeth elisabetta eliza
elizabeth elke ella ellen ellie eloise els elsa elsie emily emma erica erika esi esther eunice eva
eve evelyn evie ewa farah fatima fatou fatuma federica felicity femke fernanda ffion fiona florence
folake frances francesca freya frida funmilayo gabriela gabrielle gemma georgina gillian gina
giorgia giulia gloria grace grainne grazyna greta gretchen griet guadalupe gudrun gwen gwendolyn
hadiza halina hana hanna hannah hanne harriet haruka hattie heather hedda heidi helen helena helga
henrietta hilda hilde holly huda ida ifeoma ilaria ildiko ilse imogen ines ingeborg ingrid irene
irina iris isabel isabella isabelle isla iwona jacqueline jade jana jane janet janice jasmine jelena
jenna jennifer jenny jessica jill joan joanna joanne johanna jolanta josephine joy joyce judith judy
julia julie juliet justyna jutta karen kari karin karina karolina katalin katarzyna kate katharina
katherine kathleen kathryn kathy katie katja katrin kavita kayla keiko kezia khadija kirsten kirsty
kristina laila lakshmi laura lauren layla leah leila lena lesley liesbeth liesl lila lillian lily
linda lisa liv liz lorna lorraine lotte louise lourdes lucia luciana lucy ludmila luisa lydia lynn
madeleine magdalena maggie mairead maja malgorzata mandy mara marcela margaret margarida marguerite
maria mariam mariama marian marianne marie marieke marina marisol marit marjorie marta martha
martina mary maryam matilda maureen maya meera megan melanie melissa mercedes mercy meryl mia
michelle mildred milena miriam molly monica monika morag nadia nadine nancy naomi natalia natalie
natasha nell ngozi nia niamh nicole nina nisha njeri nkechi nneka noor nora norah nuala oksana olga
olivia oona orla ottilie pam pamela paola patricia paula paulina pauline penelope penny petra
philippa phoebe pilar polly pooja poppy precious priya priyanka rachel randi rania rebecca regina
rekha renata rhiannon rita roberta rocio roisin rosa rosalind rosaria rose rosemary ruby ruth sabine
sabrina sakura sally salma samantha sandra saoirse sara sarah saskia selma shanthi sharon sheila
shirley shona shreya sian signe sigrid silvia sinead siobhan sofia sofie solveig sonia sophia sophie
stella stephanie sue sunita susan susanne suzanne svenja svetlana sylvia tamara tanya tatiana teresa
tessa theresa tilly tina tove tracey tracy ulla ulrike ursula valentina valeria vanessa vera
veronica vicky victoria violet virginia vivian wanda wanjiru wendy wiebke wilhelmina ximena yasmin
yolanda yulia yumiko yvonne zahra zainab zoe zofia zsofia zuzana
""".split())

MALE_FIRST_NAMES = frozenset("""
aaron abdul abdullah abel abraham adam adebayo adrian afonso ahmed aidan ajay akira alan alasdair
albert alberto aled alejandro aleksander alessandro alexander alexei alfie alfred ali alistair
alvaro ambrose amir amit anand anders andre andreas andrej andrew andriy andrzej andy angus anil
anton antonio archie arjun arne arnold arthur arun attila august barry bartosz bas basil ben
benedict benjamin bernard bilal bill bjarne bjorn bob bogdan boris bradley bram brendan brian bruce
bruno bryan callum calvin carl carlo carlos caspar cathal cedric charles chinedu christian christoph
christopher chukwuma cian clarence claude clement clive colin connor conor conrad craig cyril dafydd
daisuke dale damian dan daniel danny dariusz darnell darren dave david davide dean declan deepak
dennis derek desmond diego dieter dimitri dirk dmitri dmytro domenico dominic donal donald douglas
dragan duncan dylan eamon eddie edgar edmund eduardo edward edwin einar elias elliot emeka emil
emile emmanuel emyr enrico enrique eoin eric erik ernest ethan euan eugene evan ewan ezra fabian
fabio faisal felipe felix ferdinand fergus fernando finn francesco francis francisco frank franz
fraser fred frederick gabor gabriel gareth gary gavin geoffrey george geraint gerald gerard gerhard
gerrit gert giacomo gianluca gideon gilbert giorgio giovanni giuseppe glen glenn goncalo gonzalo
goran gordon graeme graham grant gregory grzegorz gunnar gustav guy hakon halvard hamish hamza hans
harold harry haruto harvey hassan hector helmut hendrik henk henrik henry herbert hiroki hiroshi
howard hugh hugo huw iain ian ibrahim ignacio igor isaac istvan ivan ivar jack jacob jake jakob
jakub james janos jason javier jeffrey jens jeremy jeroen jerome jim jimmy jiri joachim joao joaquin
joe johan johannes john johnny jonas jonathan joost jordi jorge joris jose joseph josh joshua josiah
juan julian julius juma jurgen justin karim karl kees keith kelvin ken kenji kenneth kenny kenta
kevin khalid kieran kjell klaus knut koen kofi kojo krzysztof kwabena kwame kwesi kyle larry lars
laszlo lawrence leif leo leon leonard liam lionel lloyd lorenzo louis luc luca lucas ludwig luis
lukas lukasz luke lyle maarten magnus mahmoud malcolm mamadou manoj manuel marc marcel marco marcus
marek mario mariusz mark marko martin massimo mateo matt matteo matthew matthias mattias maurice max
maximilian michael michel mick miguel mikael mike mikhail miles mohammad mohammed moussa muhammad
mustafa nabil nate nathan neil neville niall nicholas nick niels nigel nikola nikolai nils noah
norman nuno obinna olaf ole oleg oleksandr oliver olumide omar oscar otieno otto ousmane owen pablo
padraig paolo patrick paul pavel pawel pedro per percy pete peter petr phil philip philippe pierre
pieter pietro piotr pradeep rafael rahul raj rajesh ralph ramesh ramon rashid rasmus raul ravi ray
raymond reginald reza rhys riccardo richard rick rob robert roberto rodney rodrigo roger rohan
roland rolf roman ron ronald ronan rory ross ruairi rudolf rui rupert russell ruud ryan salvatore
samir samuel sander sanjay santiago scott seamus sean sebastian segun sergei sergey sergio seth
shane shaun sidney siegfried sigurd simon sindre stanislaw stefan stefano stephen steve steven stig
stuart sunil suresh sven takeshi takumi tamas tariq ted terence terry theo theodore thijs thomas
tiago tim timothy tobias tom tomas tomasz tommy tony trevor tristan tunde tyrone ulf umar umberto
uwe vaclav valentin vasco victor vijay vikram vincent vittorio vladimir walid walter warren wayne
werner wesley wilfred wilhelm william wim winston wojciech xavier yaw youssef yuri yusuf yves zach
zoltan zoran
""".split())


def first_name_gender(word: str, census: bool = True) -> Optional[str]:
    """"f" or "m" for a first name listed under one gender, else None.

    Accents are ignored ("Émile" is "emile"); a hyphenated name is looked up whole, then by its
    first part ("Jean-Baptiste" is neither, "Anna-Lena" is "f").

    word (str): a first name, in any case.
    census (bool): whether to look in the census lists too (weaker evidence than this list).
    RETURNS (Optional[str]): "f", "m" or None.
    """
    word = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    lists = [(FEMALE_FIRST_NAMES, MALE_FIRST_NAMES)] + ([(CENSUS_FEMALE, CENSUS_MALE)] if census else [])
    for female, male in lists:
        for name in (word, word.split("-")[0]):
            if name in female:
                return "f"
            if name in male:
                return "m"
    return None
