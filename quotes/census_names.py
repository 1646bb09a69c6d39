"""First names from the 1990 US Census name frequency lists, by the gender they were given to
(public domain, US Census Bureau; the lists as shipped by the MIT-licensed `names` package), written
by `training/census_names.py`.

A name is listed under one gender only when at least ten times as many people of that gender carried
it (Anthony is male, Jordan is neither); names commonly given to both (Sam, Jean, Robin) and names
that are also common words or places (May, Hope, Guy, Will, Austin) are left out. `quotes.names`
looks here after its own list.
"""

CENSUS_FEMALE = frozenset("""
abbey abbie adah adaline addie adelaida adelaide adelia adelina adell adella adelle adena adina
adria adriane adrianna adrianne adrien adriene adrienne afton agnus agripina agueda agustina aida
aide aiko ailene aimee aja akiko akilah alaina alaine alana alane alanna alayna alba alberta
albertha albertina albertine albina alda alease alecia aleen aleida aleisha alejandra alejandrina
alena alene alesha aleshia alesia aleta aletha alethea alethia alexa alexandra alexandria alexia
alfreda alfredia alia alica alida aline alisa alise alisha alishia alisia alissa alita alix aliza
alla alleen allegra allena allene allie alline allison allyn allyson almeda almeta alona alpha alta
altagracia altha althea alvera alverta alvina alyce alycia alysa alyse alysha alysia alyson alyssa
amada amalia amberly amee ami amie amiee ammie amparo anabel analisa anamaria anastacia andera andra
andree andria anette angele angelena angeles angelia angelic angelina angeline angelique angelita
angella angelyn angie angila angla angle anglea anh anika anisa anisha anissa anitra anjanette
anjelica annabel annabell annabelle annalee annalisa annamae annamaria annamarie anneliese annelle
annemarie annett annetta annice annie annis annita annmarie antionette antoinette antonetta
antonette antonietta antonina apolonia apryl ara araceli aracelis aracely arcelia ardath ardelia
ardell ardella ardelle ardis ardith aretha argelia argentina ariana ariane arianna arianne arica
arie arielle arla arlean arleen arlena arlene arletha arletta arlette arlinda arline arlyne armanda
armandina armida arminda arnetta arnette arnita artie arvilla asha ashanti ashely ashlea ashlee
ashleigh ashli ashlie ashly ashlyn ashton asley assunta asuncion athena audie audra audrea audria
audrie audry augusta augustina aundrea aura aurea aurora aurore avelina avis avril awilda ayako
ayana ayanna azalee azucena azzie babara babette bailey bambi bao barabara barb barbar barbera
barbie barbra bari barrie basilia bea beatris beaulah bebe becki beckie bee belen belia belkis bell
belle belva benita berenice berna bernadine bernarda bernardina bernardine berneice bernetta bernice
berniece bernita berta bertha bertie beryl bess bessie bethanie bethann bethany bethel betsey betsy
bette bettie bettyann bettye beula beulah bev beverlee bianca bibi billi billye birdie blanch
blanche blondell blossom blythe bobbi bobbye bobette bok bong bonita bonnie bonny branda brande
brandee brandi brandie brandy breana breann breanna breanne bree brenna briana brianna brianne
bridgett bridgette brigette brigid brigida brinda britany britney britni britta brittaney brittani
brittanie brittany britteny brittney brittni brittny bronwyn bruna brunilda bryanna brynn buena
buffy bula bulah bunny burma caitlin caitlyn calandra calista callie camelia camellia cami camie
camilla camille cammie cammy candace candance candelaria candi candice candida candie candis candra
candyce caprice cara caren cari caridad carie carin carina carisa carissa carita carlee carleen
carlena carlene carletta carley carli carlie carline carlita carlota carlotta carly carlyn carma
carman carmel carmelia carmelina carmelita carmella carmina carmon carola carolann carolee carolin
caroll carolyne carolynn caron caroyln carri carrie carry caryl carylon caryn casandra casie
casimira cassandra cassaundra cassey cassi cassidy cassie cassondra cassy catalina catarina caterina
catharine catherin catherina cathern catheryn cathey cathi cathie cathleen cathrine cathryn catina
catrice catrina cayla cecelia cecila cecile cecille cecily celena celesta celeste celestina
celestine celia celina celinda celsa ceola chae chan chana chanda chandra chanel chanell chanelle
chantal chantay chante chantel chantell chantelle chara charis charise charissa charisse charita
charla charleen charlena charlene charlesetta charlette charline charlott charlsie charlyn charmain
charmaine charolette chasidy chasity chassidy chastity chau chaya chelsea chelsey chelsie cher chere
cheree cherelle cheri cherie cherilyn cherise cherish cherly cherlyn cherri cherrie cherry cherryl
chery cheryl cheryle cheryll chia chieko chin ching chiquita chrissy christa christal christeen
christel christen christena christene christi christia christiana christiane christie christin
christinia christy chrystal chu chun cicely ciera cierra cinda cinderella cindi cindie cinthia cira
claretha claretta claribel clarice clarinda clarine claris clarisa clarissa clarita classie
claudette claudie claudine clelia clemencia clementina clementine clemmie cleopatra cleora cleotilde
cleta clora clorinda clotilde codi coleen colene coletta colleen collen collene collette concepcion
conception concetta concha conchita connie consuela contessa cora coral coralee coralie corazon
cordelia cordia cordie coreen corene coretta cori corie corina corine corinna corliss cornelia
corrie corrin corrina corrine corrinne cortney creola cris criselda crissy crista cristal cristen
cristi cristie cristin cristine cristy crysta crystle cuc cyndi cyndy cyrstal cythia dacia dahlia
daina daine daisey dalene dalia dalila damaris danae danelle danette dani dania danica daniele
daniell daniella danielle danika danille danita dann danna dannette dannielle danuta danyel danyell
danyelle daphine dara darby darcel darcey darci darcie darcy daria darla darleen darlena darlene
darline davida davina dawna dawne dayle dayna daysi deadra deana deandra deandrea deane deann deanna
deanne deb debbi debbra debby debera debi debora debrah debroah dede dedra deeann deeanna deedee
deedra deena deetta deidra deidre deja delaine delana delcie delena delfina delicia delila delilah
delinda delisa della delma delmy delois deloise delora deloras delores deloris delorse delpha
delphia delphine delsie delta demetra demetria demetrice dena denae deneen denese denice denisha
denisse denita denna dennise denyse deonna desirae desire desiree despina dessie detra devona devora
devorah dia diamond dian diann dianna dianne diedra diedre dierdre digna dimple dina dinah dinorah
dione dionna dionne divina dixie dodie dollie dolly doloris domenica dominga dominica dominque
domitila domonique dona donella donetta donette donita donnetta donnette donya dora dorathy dorcas
doreatha doreen dorene doretha dorethea doretta dori doria dorie dorinda dorine dorla dorotha
dorothea dorris dortha dorthea dorthey dorthy dot dottie dotty dovie dreama drema drucilla drusilla
dulce dulcie dung dusti dwana dyan earlean earleen earlene earlie earline earnestine eartha easter
eboni ebonie ebony echo eda edda edelmira eden edie edna edra edris edwina edyth edythe effie ehtel
eilene ela eladia elaina elana elane elanor elayne elba elda eldora eleanora eleanore elease elene
eleni elenor elenora elenore eleonor eleonora eleonore elfreda elfrieda elfriede elia eliana elicia
elida elidia elina elinor elinore elise elissa eliz elizabet elizbeth elizebeth ellamae ellan ellena
elli elly ellyn elma elmira elna elnora elodia elois eloisa elouise else elsy elva elvera elvia
elvie elvina elvira elwanda elyse elza ema emelda emelia emelina emeline emely emerald emerita emiko
emilee emilia emilie emmaline emmie emmy emogene ena enda enedina eneida enid enola enriqueta
epifania era ericka erin erinn erlene erlinda erline erma ermelinda erminia erna ernestina ernestine
eryn esmeralda esperanza essie esta estefana estela estell estella estelle ester estrella etha ethel
ethelene ethelyn ethyl etsuko etta ettie eufemia eugena eugenia eugenie eula eulah eulalia eun euna
eura eusebia eustolia evalyn evangelina evangeline evelia evelin evelina eveline evelyne evelynn
evette evia evita evon evonne exie fabiola fae fairy fallon fannie fanny farrah fatimah faustina
faviola fawn fay faye felecia felica felice felicia felicidad felicita felicitas felipa felisa
felisha fermina fern fernande ferne fidela fidelia filomena flavia fleta flo flor flora florance
florencia florene florentina floretta floria florida florinda florine florrie flossie floy fonda
fran france francene franchesca francie francina francine francisca francoise fransisca freda fredda
frederica fredericka fredia fredricka freeda freida frieda fumiko gabriele gabriella gala galina
garnet garnett gaye gayla gayle gaylene gaynell gaynelle gearldine gema gena genesis geneva genevie
genevieve genevive genia genie genna gennie genny genoveva georgann georgeann georgeanna georgene
georgetta georgette georgiana georgiann georgianna georgianne georgie georgine geraldine geralyn
gerda geri germaine gerri gertha gertie gertrud gertrude gertrudis gertude ghislaine gia gianna
gidget gigi gilberte gilda gilma ginette ginny giovanna gisela gisele giselle gita giuseppina gladis
glady gladys glayds glenda glendora glenna glennie glennis glinda glory glynda glynis golda golden
goldie gracia gracie graciela grayce gregoria gretta gricelda grisel griselda guillermina gussie
gwenda gwenn gwyn gwyneth hae hailey haley halley hallie han hang hanh hannelore harriett harriette
hassie haydee hayley hedwig hedy hee heide heidy heike helaine helene hellen henriette herlinda
herma hermelinda hermila hermina hermine herminia herta hertha hester hettie hiedi hien hilaria
hilary hildegard hildegarde hildred hillary hilma hiroko hisako hoa holley holli hollie hortencia
hortense hortensia hsiu hue hui hulda huong hwa hyacinth hye hyo hyon hyun idalia idell idella iesha
ignacia ila ilana ilda ileana ileen ilene iliana illa ilona iluminada ima imelda imogene ina indira
inell inez inga inge inger inocencia iola iona ione iraida irena irish irma irmgard isa isabell
isadora isaura isela isidra isis isobel iva ivana ivelisse ivette ivey ivonne izetta izola jacalyn
jacelyn jacinda jacinta jackeline jackelyn jacki jacklyn jackqueline jaclyn jacqualine jacque
jacquelin jacquelyn jacquelyne jacquelynn jacquetta jacqui jacquie jacquiline jacquline jacqulyn
jada jadwiga jaimee jaimie jaleesa jalisa jama jamee jami jamika jamila jammie janae janay janean
janee janeen janel janell janella janelle janene janessa janeth janett janetta janette janey jani
janie janiece janina janine janis janise janita jann janna jannet jannette jannie january janyce
jaqueline jaquelyn jasmin jaunita jaye jayme jaymie jayna jayne jazmin jazmine jeana jeane jeanelle
jeanene jeanett jeanetta jeanette jeanice jeanie jeanine jeanmarie jeanna jeanne jeannetta jeannette
jeannie jeannine jeffie jen jena jenae jene jenee jenell jenelle jenette jeneva jeni jenice jenifer
jeniffer jenine jenise jennefer jennell jennette jenni jennie jenniffer jennine jeraldine jeri
jerica jerilyn jerlene jerri jerrica jerrie jesenia jesica jessenia jessi jessia jessika jestine
jesusa jesusita jetta jettie jillian jin jina jinny joana joane joanie joann joannie joaquina
jocelyn jodee jodi jodie joeann joella joelle joellen joetta joette johana johanne johna johnetta
johnette johnna johnsie joi joie jolanda joleen jolene jolie joline jolyn jolynn jona jone jonell
jonelle jong joni jonie jonna jonnie josefa josefina josefine joselyn josephina josette josie joslyn
josphine jovan jovita joya joycelyn joye juana juanita judi judie jule julee julene juli juliana
juliane juliann julianna julianne julieann julienne julieta julietta juliette julissa jung junie
junita junko justa justina justine kacey kaci kacie kacy kai kaila kaitlin kaitlyn kala kaleigh
kaley kali kallie kalyn kam kamala kami kamilah kandace kandi kandice kandis kandra kandy kanesha
kanisha kara karan kareen karena karey karie karima karine karisa karissa karla karleen karlene
karly karlyn karma karmen karol karole karoline karolyn karon karren karri karrie karry kary karyl
karyn kasandra kasha kasi kasie kassandra kassie katelin katelyn katelynn katerine kathaleen
katharine katharyn kathe katheleen katherin katherina kathern katheryn kathey kathi kathie kathlene
kathline kathlyn kathrin kathrine kathryne kathyrn kati katia katina katlyn katrice katrina kattie
katy kay kayce kaycee kaye kaylee kayleen kayleigh kaylene kazuko kecia keeley keely keena keesha
keila keira keisha keitha keli kelle kellee kelli kellie kellye kelsi kelsie kemberly kena kenda
kendal kendra kenia kenisha kenna kenya kenyatta kenyetta kera keren keri kerri kerrie kerstin kesha
keshia keturah keva khadijah khalilah kia kiana kiara kiera kiersten kiesha kiley kimber kimberely
kimberlee kimberley kimberli kimberlie kimberly kimbery kimbra kimi kimiko kina kindra kira kirstie
kirstin kisha kit kittie kitty kiyoko kizzie kizzy klara kori kortney kourtney krishna krissy krista
kristal kristan kristeen kristel kristen kristi kristian kristie kristin kristine kristle kristy
kristyn krysta krystal krysten krystin krystina krystle krystyna kum kyla kylee kylie kym kymberly
kyoko kyong kyra kyung lacey lachelle laci lacie lacresha ladawn ladonna lael lahoma lai laine
lajuana lakeesha lakeisha lakendra lakenya lakesha lakeshia lakia lakiesha lakisha lakita lala
lamonica lan lana lanell lanelle lanette lang lani lanie lanita lannie lanora laquanda laquita lara
larae laraine laree larhonda larisa larissa larita laronda larraine larue lasandra lashanda
lashandra lashaun lashaunda lashawn lashawna lashawnda lashay lashell lashon lashonda lashunda
lasonya latanya latarsha latasha latashia latesha latia laticia latina latisha latonia latonya
latoria latosha latoya latoyia latrice latricia latrina latrisha launa lauralee lauran laure laureen
laurel laurena laurene lauretta laurette lauri laurice laurinda laurine lauryn lavada lavelle
lavenia lavera laverna laveta lavette lavina lavinia lavon lavona lavonda lavone lavonia lavonna
lavonne lawana lawanda lawanna layne lea lean leana leandra leann leanna leanne leanora leatha
leatrice lecia leda leeann leeanna leeanne leena leesa leia leida leigha leighann leilani leisa
leisha lekisha lela lelah lelia lenita lenna lennie lenora lenore leola leoma leona leonarda leone
leonia leonida leonie leonila leonor leonora leonore leontine leora leota lera lesa lesha lesia
leslee lesli lessie leta letha leticia letisha letitia lettie letty lexie lezlie lia liana liane
lianne libbie libby librada lida lidia lien lieselotte ligia lili lilia lilian liliana lilla lilli
lillia lilliam lilliana lillie lilly lin lina lindsy lindy linette ling linh linn linnea linnie
linsey lisabeth lisandra lisbeth lise lisette lisha lissa lissette lita livia liza lizabeth lizbeth
lizeth lizette lizzette lizzie loan loida lois loise lola lolita loma lona londa loni lonna lora
loraine loralee lore lorean loree loreen lorelei lorena lorene lorenza loreta loretta lorette lori
loria loriann lorie lorilee lorina lorinda lorine loris lorita lorretta lorri lorriane lorrie
lorrine lory lottie louann louanne louella louetta louisa loura lourie louvenia love lovella lovetta
lovie loyce luana luann luanna luanne luba luci lucie lucienne lucila lucile lucilla lucille lucina
lucinda lucrecia lucretia ludie ludivina lue luella luetta luise lula lulu luna lupita lura lurlene
lurline luvenia luz lyda lyla lyn lynda lyndia lyndsay lyndsey lynell lynelle lynetta lynette lynna
lynne lynnette lynsey mabel mabelle mable machelle macie macy madalene madaline madalyn maddie
madelaine madelene madeline madelyn madge madie madlyn madonna mae maegan mafalda magali magaly
magan magaret magda magdalen magdalene magen magnolia mahalia mai maia maida maile maira maire
maisha maisie majorie makeda malena malia malika malinda malisa malissa malka mallie mallory malorie
malvina mamie mammie mana manda mandi mandie manie manuela many mao maple maragaret maragret maranda
marcelene marcelina marceline marcell marcella marcelle marcene marchelle marci marcia marcie marcy
mardell maren marg margareta margarete margarett margaretta margarette margarita margarite margart
marge margene margeret margert margery marget margherita margie margit margo margorie margot margret
margrett marguerita margurite margy marhta mari mariah mariana marianela mariann marianna maribel
maribeth marica maricela maricruz mariel mariela mariella marielle marietta mariette mariko marilee
marilou marilu marilyn marilynn marin marinda maris marisa marisela marisha marissa marita maritza
marivel marjory marketta markita marla marlana marleen marlen marlena marlene marline marlo marlyn
marlys marna marni marnie marquerite marquetta marquita marquitta marry marsha marth marti martine
marva marvel marvella marvis marx marya maryalice maryann maryanna maryanne marybelle marybeth
maryellen maryetta maryjane maryjo maryland marylee marylin maryln marylou marylouise marylyn
marylynn maryrose masako matha mathilda mathilde matilde mattie maud maude maudie maura maurine
maurita mavis maxie maxima maximina maxine maybell maybelle maye mayme mayola mayra mazie mckenzie
meagan meaghan mechelle meda mee meg meggan meghan meghann mei melaine melani melania melany melba
melda melia melida melina melinda melisa melissia melita mellie mellisa mellissa melodee melodi
melodie melonie melony melva melvina melynda mendy mercedez meredith meri merideth meridith merilyn
merissa merlene merlyn merna merri merrie merrilee merry mertie meta mica micaela micha michaela
michaele michele michelina micheline michell michiko micki mickie miesha migdalia mignon miguelina
mika mikaela miki mikki mila milagro milagros milda milissa millicent millie milly mimi min mina
minda mindi mindy minerva ming minna minnie minta mira miranda mireille mirella mireya mirian mirna
mirta mirtha misha miss missy misti mistie mitsue mitsuko mittie mitzi mitzie miyoko modesta moira
mollie mona monet monique monnie monserrate moon mora moriah mozell mozella mozelle mui muoi muriel
myesha myong myra myriam myrl myrle myrna myrta myrtice myrtie myrtis myrtle myung nada nadene naida
nakesha nakia nakisha nakita nam nan nana nancee nancey nanci nancie nanette nannette nannie naoma
narcisa natacha natalya natashia nathalie natisha natividad natosha necole neda nedra neely neida
nelda nelia nelida nella nelle nellie nelly nena nenita neoma neomi nereida nerissa nery neta nettie
neva nevada nga ngan ngoc nguyet nichelle nichol nichole nicholle nicki nickie nickole nicol
nicolasa nicolette nicolle nida nidia niesha nieves niki nikia nikki nikole nila nilda nilsa ninfa
nita nobuko noelia noella noelle noemi nohemi nola noma nona noreen norene noriko norine norma nova
novella nubia nydia nyla obdulia ocie octavia oda odelia odessa odette odilia ofelia ola olene oleta
olevia olimpia olinda oliva oma omega ona oneida onie onita opal ophelia ora oralee oralia oretha
orpha ossie otelia otilia ouida ozell ozella ozie paige palma palmira pamala pamelia pamella pamila
pamula pandora pansy parthenia particia pasty patria patrica patrice patrina patsy patti pattie
patty paulene pauletta paulette paulita paz pearle pearlene pearlie pearline pearly peg peggie peggy
pei penney penni pennie perla petrina petronila phebe phillis philomena phung phuong phylicia phylis
phyliss phyllis pia piedad ping pinkie piper pok porsche porsha portia pricilla priscila priscilla
providencia pura qiana queenie quiana quyen rachael rachal racheal rachele rachell rachelle racquel
rae raeann raelene rafaela raguel raina raisa ramona ramonita rana ranae randa randee ranee raquel
rasheeda rashida raven raye raylene raymonde rayna rea reanna reatha reba rebbeca rebbecca rebeca
rebecka rebekah reda reena refugia regan regena regenia regine reginia reiko reina reita rema
remedios remona rena renae renate renay renda renea renee renetta renita renna ressie reta retha
retta reva reyna reynalda rhea rheba rhoda rhona rhonda ria ricarda richelle ricki rikki rima rina
risa riva rivka robbi robbin robbyn robena robyn rochel rochell rochelle rolanda rolande roma
romaine romana romelia romona rona ronda roni ronna ronni rosalba rosalee rosalia rosalie rosalina
rosalinda rosaline rosalva rosalyn rosamaria rosamond rosana rosann rosanna rosanne rosaura roseann
roseanna roseanne roselee roselia roseline rosella roselle roselyn rosemarie rosena rosenda rosetta
rosette rosia rosie rosina rosio rosita roslyn rossana rossie rosy rowena roxana roxane roxann
roxanna roxanne roxie roxy rozanne rozella rubi rubie rubye rufina rutha ruthann ruthanne ruthe
ruthie ryann sabina sabra sacha sachiko sade sadie sadye sage salena salina salley sallie salome
samara samatha samella samira sana sanda sandee sandi sandie sanjuana sanjuanita sanora santa
santana santina sarai saran sari sarina sarita saturnina sau saundra savanna scarlet scarlett season
sebrina see seema selena selene selina sena senaida september serafina serena serina serita setsuko
sha shae shaina shakia shakira shakita shala shalanda shalon shalonda shameka shamika shan shana
shanae shanda shandi shandra shaneka shanel shanell shanelle shani shanice shanika shaniqua shanita
shanna shannan shanon shanta shantae shantay shante shantel shantell shantelle shanti shaquana
shaquita shara sharan sharda sharee sharell sharen shari sharice sharie sharika sharilyn sharita
sharla sharleen sharlene sharmaine sharolyn sharonda sharri sharron sharyl sharyn shasta shauna
shaunda shaunna shaunta shaunte shavon shavonda shavonne shawana shawanda shawanna shawna shawnda
shawnee shawnna shawnta shay shayla shayna sheba sheena sheilah shela shelba shelia shella shelley
shelli shellie shelly shemeka shemika shena shenika shenita shenna shera sheree sherell sheri
sherice sheridan sherie sherika sherill sherilyn sherise sherita sherlene sherley sherly sherlyn
sheron sherrell sherri sherrie sherril sherrill sherron sherry sherryl shery sheryl sheryll shiela
shila shiloh shin shira shirely shirl shirlee shirleen shirlene shirly shizue shizuko shonda shondra
shonna shonta shoshana shu shyla sibyl silva silvana sima simona simonne sina sindy sirena siu sixta
skye slyvia socorro soila solange soledad somer sommer sona sondra song sonja sonya soo sook soon
soraya sparkle spring stacee staci stacia stacie starla starr stasia stefani stefania stefanie
stefany steffanie stepanie stephaine stephane stephani stephania stephany stephenie stephine
stephnie suanne sudie sueann suellen suk sulema sumiko sun sunday sunni susana susann susanna
susannah susie susy suzan suzann suzanna suzette suzi suzie suzy sybil syble sylvie synthia syreeta
tabatha tabetha tabitha tai taina taisha tajuana takako takisha talia talisha talitha tam tama
tamala tamar tamatha tambra tameika tameka tamekia tamela tamera tamesha tami tamica tamie tamika
tamiko tamisha tammara tammera tammi tammie tammy tamra tana tandra tandy taneka tanesha tangela
tania tanika tanisha tanja tanna tara tarah taren tari tarra tarsha taryn tasha tashia tashina tasia
tatum tatyana taunya tawana tawanda tawanna tawna tawny tawnya tayna teena tegan teisha telma temeka
temika tempie temple tena tenesha tenisha tennie tennille teodora teofila tequila tera tereasa
terese teresia teresita teressa teri terica terina terisa terra terresa terri terrie terrilyn tesha
tess tessie thalia thao thea theda thelma theodora theola therese theresia theressa thersa thi
thomasena thomasina thomasine thora thresa thu thuy tia tiana tianna tiara tien tiera tierra tiesha
tifany tiffaney tiffani tiffanie tiffany tiffiny tijuana tilda tillie timika tinisha tiny tisa tish
tisha tobi tobie toccara toi tomasa tomeka tomi tomika tomiko tommye tomoko tona tonda tonette tonia
tonie tonisha tonita tonja tonya tora tori torie torri torrie tosha toshia toshiko tova towanda toya
tracee traci tracie tran trang treasa treena trena tresa tressa tressie treva tricia trina trinh
trinity trish trisha trista trudi trudie trudy trula tula tuyet twana twanda twanna twila twyla
tyesha tyisha tynisha tyra ula una usha ute vada valarie valda valencia valene valeri valerie valery
vallie valorie valrie vanda vanesa vanetta vania vanita vanna vannesa vannessa vashti vasiliki veda
velda velia vella velma velva velvet vena venessa venetta venice venita vennie venus veola verda
verdell verdie verena vergie verla verlene verlie verline verna vernell vernetta vernia vernice
vernie vernita verona veronika veronique versie vertie vesta veta vicenta vickey vicki vickie
victorina vida viki vikki vilma vina vincenza vinita vinnie viola violeta violette virgen virgie
virgina vita viva vivan viviana vivien vivienne voncile vonda vonnie wai waltraud wan waneta wanetta
wanita wava wei wen wendi wendie wendolyn wenona whitley wilda wilhemina willa willena willene
willetta willette willia williemae willodean willow wilma windy winifred winnie winnifred winona
wonda wynell wynona xenia xiao xiomara xochitl xuan yadira yaeko yael yahaira yajaira yan yang
yanira yasmine yasuko yee yelena yen yer yesenia yessenia yetta yevette ying yoko yolande yolando
yolonda yon yoshie yoshiko youlanda yuette yuk yuki yukiko yuko yulanda yun yung yuonne yuriko
yvette yvone zada zaida zana zandra zelda zella zelma zena zenaida zenia zenobia zetta zina zita
zoila zola zona zonia zora zoraida zula zulema zulma
""".split())

CENSUS_MALE = frozenset("""
abe abram adalberto adan adolfo adolph agustin ahmad alden aldo alec alfonso alfonzo alfredo alonso
alonzo alphonse alphonso alton alvin amado amos anderson andres angelo anibal anthony antione
antoine antone antony antwan arden arlen arlie armand armando arnoldo arnulfo aron arron arturo asa
augustus aurelio barney barrett bart barton beau benito bennett benny benton bernardo bert bertram
billy blaine blake bobby booker boyce boyd brad bradford bradly brady brain branden brandon brant
brendon brent brenton bret brett brice brock broderick brooks bryant bryce bryon buddy buford burl
burt burton byron caleb carlton carmelo carmine carson cecil cedrick cesar chad chadwick charley
chas chauncey chester chet christoper chuck clark claud claudio clayton clemente cletus clifton
clint clinton clyde cody cole coleman collin colton columbus cordell corey cornelius cornell cortez
cory cristobal cristopher curt curtis cyrus dalton damien damion damon dane danial danilo dante
darell daren darin dario darius daron darrel darrell darrick darrin darron darryl darwin daryl
deandre deangelo del delbert delmar delmer demarcus demetrius denis denny derick derrick deshawn
dewayne dewey dewitt dexter dick dillon dino dion domenic domingo dominick donn donnell donny
donovan donte dorsey doug douglass doyle duane dudley dustin dwain dwayne dwight earle earnest eddy
edgardo edison edmond edmundo edwardo efrain efren elbert elden eldon eldridge eli elijah eliseo
elliott ellis ellsworth elmer elmo eloy elroy elton elvin elvis elwood emanuel emerson emery emilio
emmett emmitt emory enoch erasmo erich erick ernesto ernie errol ervin erwin esteban eugenio eusebio
everett everette ezekiel ezequiel faustino fausto federico felton fermin fidel filiberto fletcher
florencio florentino floyd foster franklin franklyn freddy frederic fredric fredrick freeman fritz
galen garfield garland garret garrett garry garth gaston gaylord genaro geraldo gerardo german gil
gilberto gino grady graig granville greg gregg gregorio grover guillermo gus gustavo hai hank harlan
harland harris haywood heath herb heriberto herman herschel hershel hilario hilton hipolito hiram
hobert homer horace horacio hosea hoyt hubert huey humberto hung hyman ike irvin irving irwin isaiah
isaias isiah isidro ismael israel isreal issac jacinto jacques jamaal jamal jamar jamel jamison
jared jarod jarred jarrett jarrod jarvis jasper jayson jed jeff jefferey jeffery jeffry jerald
jeramy jere jeremiah jermaine jerold jeromy jerrell jerrod jerrold jesus joesph joey johnathan
johnathon jon jonah jonathon jordon josef jospeh josue judson jules julio junior kareem keenan
kendrick keneth kennith kenton kermit keven kieth kip korey kory kraig kristofer kristopher kurt
kurtis lamont landon lanny laurence lawerence lazaro leandro leland lemuel len lenard lenny leonardo
leonel leopoldo leroy les lester levi lino linwood lon lonnie lonny loyd luciano lucien lucio lucius
luigi luther lyman lyndon lynwood mac malcom malik manual marcelino marcellus marcelo marcos
margarito mariano markus marlin marlon marquis marvin mathew mauricio mauro maximo maxwell maynard
mckinley mel melvin merlin mervin michale micheal mikel milan milford millard milo milton miquel
mitch mitchel mitchell modesto mohamed moises monte monty morton mose moshe murray myles myron
napoleon nathanael nathanial nathaniel nestor newton nickolas nicolas noe nolan norbert norberto
normand octavio odis olen olin omer oren orval orville osvaldo oswaldo palmer pasquale perry phillip
porfirio preston quentin quincy quintin quinton ramiro randal randall randell randolph randy raphael
rashad rayford raymon raymundo reggie reinaldo renaldo renato reuben rey reyes reynaldo rhett
ricardo richie rickey rickie ricky rico rigoberto robby robt rocco roderick rodger rodolfo rodrick
rogelio rolando rolland romeo ronnie ronny roosevelt roscoe rosendo ruben rubin rudolph rudy rueben
rufus russel salvador sammy samual sanford santo scot scotty seymour shad sheldon shelton sherman
sherwood shon silas solomon spencer stan stanford stanley stanton stephan sylvester tad teddy
teodoro terrance terrell terrence thad thaddeus theron thurman timmy titus tod todd toney travis
trent trenton trey truman tuan tyler tyree tyrell tyron tyson ulysses vaughn vernon vicente vince
vincenzo virgil virgilio vito von waldo walker wallace wally walton warner waylon weldon wendell
weston wilber wilbert wilbur wilburn wiley wilford wilfredo willard williams willian willis willy
wilmer wilton winford winfred woodrow wyatt zachariah zachary zachery zack zackary zane
""".split())
