"""What a union or cooperative federation argues about: the topics questions are drawn from.

Each topic holds the pieces the text templates assemble (proposals begin with a verb and fit
after "we"; reasons, counters and local conditions are lower-case clauses). Pieces are plain
strings so that composing a contribution is a few concatenations.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Topic:
    titles: tuple[str, ...]
    text: str
    proposals: tuple[str, ...]
    reasons: tuple[str, ...]
    counters: tuple[str, ...]
    asks: tuple[str, ...]
    replies: tuple[str, ...]
    amendments: tuple[str, ...]
    locals: tuple[str, ...]
    actions: tuple[str, ...]
    facts: tuple[str, ...]
    readings: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        titles=("Working hours", "A shorter working week", "Overtime and rest days"),
        text="Should we campaign for shorter hours this year, and with what demand?",
        proposals=(
            "campaign for a 35-hour week with no loss of pay",
            "demand a ban on compulsory overtime before anything else",
            "negotiate a four-day week in the workplaces that ask for it",
            "start with an eleven-hour rest period between shifts",
            "collect signatures for a legal cap of 40 hours including overtime",
        ),
        reasons=(
            "overtime has become the norm in most workplaces",
            "members on night shifts are exhausted and accidents are rising",
            "the employers' association is divided on this and can be moved",
            "a shorter week is the demand members raise most often at meetings",
            "productivity rose by a fifth while hours stayed the same",
        ),
        counters=(
            "members on hourly pay will lose income if hours fall without a wage guarantee",
            "the smaller workplaces cannot cover a shorter week without new hires",
            "a campaign this year competes with the wage round for the same energy",
            "the demand is too abstract for members to fight for",
            "the law already allows what we ask; enforcement is the real problem",
        ),
        asks=(
            "how will the shorter week be enforced in workplaces with no shop steward",
            "what happens to members on part-time contracts",
            "which workplaces would start first",
        ),
        replies=(
            "stewards from neighbouring workplaces will cover those without one",
            "part-time members keep their hours and gain the same hourly rate",
            "we start where members voted for it and the stewards are ready",
        ),
        amendments=(
            "tie it to a wage guarantee written into each agreement",
            "pilot it in two regions and report back in six months",
            "add a clause on voluntary overtime only",
        ),
        locals=(
            "most of our members work rotating night shifts",
            "our depot has run on overtime since the spring timetable",
            "half of our members are on part-time contracts",
            "the employer here already offered a four-day trial",
        ),
        actions=(
            "survey the shifts and put the results to the works council",
            "start with the night-shift crews, who asked first",
            "table the demand at the next local negotiation",
            "hold a members' meeting at the canteen before the rota changes",
        ),
        facts=(
            "The members' survey puts average weekly hours at {n}.",
            "Payroll records show {n} hours of overtime per member last quarter.",
        ),
        readings=(
            "the survey shows the problem is concentrated in the larger workplaces",
            "the overtime figures rise exactly where staffing was cut",
        ),
    ),
    Topic(
        titles=("The wage round", "Wage demands for the coming year", "Pay scales"),
        text="What should our demand be in the coming wage round?",
        proposals=(
            "demand a flat increase for all rather than a percentage",
            "demand an increase of six percent with an inflation clause",
            "prioritise the lowest pay grades and merge the bottom two scales",
            "seek a one-year agreement so we can return to the table quickly",
            "link the claim to the sector's record profits and publish the figures",
        ),
        reasons=(
            "a flat rise helps the lowest paid most",
            "prices rose faster than wages for three years running",
            "the bottom grades are where we lose members to other sectors",
            "a short agreement keeps the pressure on",
            "members respond to the profit figures more than to any slogan",
        ),
        counters=(
            "a flat rise flattens the scale and angers the skilled grades",
            "an inflation clause will be traded away first in negotiation",
            "merging scales costs more than the employers will accept this year",
            "a one-year deal means another round of strikes next spring",
            "publishing profit figures invites a legal fight we cannot afford",
        ),
        asks=(
            "what is our fallback if the employers refuse outright",
            "how do the skilled grades gain from this",
            "have the cells been asked about the figure",
        ),
        replies=(
            "the fallback is a ballot for action, prepared from now",
            "the skilled grades gain from the inflation clause",
            "the cells sent their figures last month and they match",
        ),
        amendments=(
            "add a minimum floor for apprentices",
            "ballot members on the final figure before signing",
            "keep the inflation clause as a red line",
        ),
        locals=(
            "our members are mostly on the two lowest grades",
            "our employer pays above the sector scale already",
            "many of our members are apprentices",
            "our workplace is the largest in the region",
        ),
        actions=(
            "hold a workplace ballot on the claim",
            "brief the stewards and collect members' payslips",
            "prepare a leaflet with our own pay figures",
            "meet the employer's personnel office with the claim",
        ),
        facts=(
            "The sector's published accounts show profits up {n} percent.",
            "Our payslip survey finds a median hourly wage of {n}.50.",
        ),
        readings=(
            "the profits went to dividends, not to investment",
            "the payslips show the gap is widest for apprentices",
        ),
    ),
    Topic(
        titles=("Housing for members", "The housing cooperative", "Rents"),
        text="How should the federation respond to rising rents?",
        proposals=(
            "found a housing cooperative with the strike fund surplus",
            "support tenants' committees in the buildings where members live",
            "negotiate with the city for a quota of social housing for workers",
            "open a legal advice desk for members facing eviction",
            "organise a rent strike in the buildings owned by the largest landlord",
        ),
        reasons=(
            "rents now take half of an average member's wage",
            "a cooperative is housing the landlords cannot take back",
            "the city council has money it has not spent on housing",
            "evictions doubled this year among our members",
            "tenants organised in one building win faster than alone",
        ),
        counters=(
            "the strike fund exists for strikes, not for buildings",
            "a rent strike exposes members to eviction without protection",
            "the city will take years and give us nothing binding",
            "a legal desk helps individuals but changes nothing",
            "founding a cooperative needs skills we do not have yet",
        ),
        asks=(
            "how much of the fund would the cooperative need",
            "who would run the advice desk",
            "which buildings have members ready to act",
        ),
        replies=(
            "a third of the surplus, with the rest kept for action",
            "two volunteer lawyers have offered evenings already",
            "three buildings in the harbour district are ready",
        ),
        amendments=(
            "keep a reserve in the strike fund that cannot be touched",
            "start with one building and learn",
            "ask the city for land instead of money",
        ),
        locals=(
            "most of our members rent from the same landlord",
            "our town has almost no social housing",
            "several of our members already face eviction",
            "our members mostly live in company housing",
        ),
        actions=(
            "call a meeting of the tenants in the three blocks",
            "list the members facing eviction and contact the advice desk",
            "ask the local council for a hearing",
            "survey rents in our area before the next meeting",
        ),
        facts=(
            "The city's register lists {n} evictions of members this year.",
            "Average rent in our district rose {n} percent in two years.",
        ),
        readings=(
            "the evictions cluster in buildings sold to investment funds",
            "rents rose fastest where no tenants' committee exists",
        ),
    ),
    Topic(
        titles=("The autumn campaign", "A public campaign", "Campaign priorities"),
        text="Which campaign should the federation lead this autumn?",
        proposals=(
            "lead a campaign for free public transport to work",
            "campaign against the closure of the regional hospital",
            "run a campaign to organise the delivery riders",
            "join the climate strike with our own demands on jobs",
            "campaign for safe staffing levels in care homes",
        ),
        reasons=(
            "it touches every member's daily costs",
            "the closure affects every family in the region",
            "the riders are the fastest-growing unorganised workforce",
            "young members ask for it more than anything else",
            "the care workers asked us directly for support",
        ),
        counters=(
            "we have no allies in the transport authority",
            "the hospital decision is already taken at national level",
            "the riders change too often to hold an organisation together",
            "joining the climate strike divides members in the energy sector",
            "care homes are outside most of our members' workplaces",
        ),
        asks=(
            "what would success look like by December",
            "who leads the campaign day to day",
            "how much will the leaflets and meetings cost",
        ),
        replies=(
            "a public commitment from the council before the budget vote",
            "a campaign group elected by the cells that join",
            "the campaign fund covers it with a small margin",
        ),
        amendments=(
            "set one clear demand the council can say yes to",
            "add a petition so members who cannot march take part",
            "work with the tenants' groups already active",
        ),
        locals=(
            "our members mostly commute by car from the villages",
            "our town's hospital is the one threatened",
            "we have several riders who joined this year",
            "our cell has strong links to the care homes",
        ),
        actions=(
            "set up a stall at the station every Friday",
            "hold a public meeting at the library",
            "visit the riders' waiting points with leaflets",
            "collect signatures at the factory gates",
        ),
        facts=(
            "A poll by the local paper finds {n} percent support for the demand.",
            "The hospital serves {n} thousand people in the region.",
        ),
        readings=(
            "the poll shows support is strongest among young families",
            "the numbers show the closure hits the rural towns hardest",
        ),
    ),
    Topic(
        titles=("The annual budget", "Dues and the budget", "Spending priorities"),
        text="How should next year's budget be divided?",
        proposals=(
            "raise the share of dues kept by the cells to forty percent",
            "double the training budget and cut the newsletter to quarterly",
            "put ten percent of income into the strike fund every year",
            "hire a second organiser for the regions without one",
            "freeze dues and cover the gap from the reserves",
        ),
        reasons=(
            "the cells do the work and have the least money",
            "untrained stewards are our weakest point",
            "the strike fund was nearly empty during the last dispute",
            "two regions have had no organiser visit in a year",
            "members on low wages are leaving over the dues",
        ),
        counters=(
            "the centre cannot pay the organisers with less",
            "the newsletter is the only contact many members have",
            "a fixed share for the strike fund ties our hands in a crisis",
            "an organiser costs more than the two regions pay in dues",
            "the reserves will be gone in three years",
        ),
        asks=(
            "what does the centre spend on rent now",
            "how many members pay the reduced rate",
            "what did the auditors say about the reserves",
        ),
        replies=(
            "about a tenth of the budget, and the lease ends next year",
            "about a quarter, mostly part-time members",
            "the auditors called them adequate for two years of deficit",
        ),
        amendments=(
            "review the split after one year",
            "protect the reduced rate for the lowest paid",
            "publish the full accounts to every cell",
        ),
        locals=(
            "our cell pays the hall rent from its own pocket",
            "our members are mostly on the reduced rate",
            "our region has had no organiser for a year",
            "we raised our own strike fund locally",
        ),
        actions=(
            "present the budget at the next members' meeting",
            "appoint a treasurer for the cell and open the books",
            "ask the region for the organiser's visit schedule",
            "collect the dues arrears with personal visits",
        ),
        facts=(
            "The auditor's report shows reserves of {n} thousand.",
            "Dues income fell {n} percent last year.",
        ),
        readings=(
            "the fall in dues comes from members leaving, not from arrears",
            "the reserves look large only because the audit date falls before rent day",
        ),
    ),
    Topic(
        titles=("Training of stewards", "The education programme", "Schooling new members"),
        text="What training should the federation offer its members and stewards?",
        proposals=(
            "run a weekend course for every new steward within three months",
            "build a reading circle in every cell on labour history",
            "train members to read their employer's accounts",
            "pair each new member with an experienced one for a year",
            "hold an annual summer school open to all members",
        ),
        reasons=(
            "new stewards face the employer alone in their first month",
            "members who understand the history stay longer",
            "the employers hide behind accounts nobody reads",
            "new members leave when nobody talks to them",
            "members from different regions rarely meet otherwise",
        ),
        counters=(
            "weekend courses exclude members with children",
            "reading circles become talking shops without a purpose",
            "accounts training needs teachers we cannot pay",
            "experienced members are already overloaded",
            "a summer school reaches the same active few every year",
        ),
        asks=(
            "who would teach the courses",
            "can members with children attend",
            "how do we measure whether the training works",
        ),
        replies=(
            "experienced stewards, paid a small fee, with material from the centre",
            "we will pay for childcare at every course",
            "by how many stewards stay on after a year",
        ),
        amendments=(
            "offer the course on weekday evenings too",
            "record the sessions for members who cannot attend",
            "let the cells choose their own reading",
        ),
        locals=(
            "most of our members joined this year",
            "our stewards have all served for over ten years",
            "many of our members work weekends",
            "our cell already runs a reading circle",
        ),
        actions=(
            "send two new stewards to the next course",
            "start a monthly reading evening in the cell",
            "pair each newcomer with a steward by name",
            "invite the regional tutor to our next meeting",
        ),
        facts=(
            "Only {n} percent of stewards elected last year completed any training.",
            "Members who attended a course stay on average {n} years longer.",
        ),
        readings=(
            "the figures suggest the course matters more than the steward's age",
            "those who stay longer were already the most active, so the effect is smaller",
        ),
    ),
    Topic(
        titles=("Elections to the committee", "Rules for elections", "Term limits"),
        text="How should committee members be elected, and for how long?",
        proposals=(
            "limit committee members to two consecutive terms",
            "elect the committee by secret ballot in every cell",
            "reserve seats for delegates from the smallest cells",
            "publish every candidate's statement a month before the vote",
            "let any ten members nominate a candidate",
        ),
        reasons=(
            "the same people have led for a decade",
            "open votes in small meetings put pressure on members",
            "the smallest cells never get anyone elected",
            "members vote for names they do not know",
            "nominations now depend on the committee's approval",
        ),
        counters=(
            "term limits throw away experience we need",
            "cell-by-cell ballots are slow and expensive",
            "reserved seats give a few members outsized weight",
            "a month of campaigning splits the organisation into camps",
            "ten nominations invite candidates nobody knows",
        ),
        asks=(
            "would the rule apply to the current committee",
            "who counts the ballots",
            "what stops a candidate campaigning against the organisation",
        ),
        replies=(
            "from the next congress, not retroactively",
            "a count committee drawn by lot from the cells",
            "the same rules of conduct that bind every member",
        ),
        amendments=(
            "allow a third term with a two-thirds vote",
            "let the count committee publish results by cell",
            "set the threshold at twenty members",
        ),
        locals=(
            "our cell has never had a delegate elected",
            "our leader has served six terms",
            "our members work in three separate sites",
            "we elect our own committee by lot already",
        ),
        actions=(
            "hold a secret ballot at our next meeting",
            "nominate two candidates from our own cell",
            "invite the candidates to answer members' questions",
            "set up a ballot box at each site",
        ),
        facts=(
            "{n} of the current committee members have served more than two terms.",
            "Turnout at the last committee election was {n} percent.",
        ),
        readings=(
            "the low turnout follows the years with a single list of candidates",
            "long terms cluster in the regions with the fewest members",
        ),
    ),
    Topic(
        titles=("Health and safety", "Safety at work", "Accidents on site"),
        text="What should we do about the rise in accidents at work?",
        proposals=(
            "elect a safety representative in every workplace by spring",
            "publish a yearly report of every accident and near miss",
            "demand the right to stop work when a machine is unsafe",
            "bring in independent inspectors for the worst sites",
            "train every member in first aid",
        ),
        reasons=(
            "most accidents happen where nobody reports hazards",
            "employers hide near misses until someone is hurt",
            "members keep working on unsafe machines for fear of losing pay",
            "the state inspectors visit once a decade",
            "help often arrives too late on remote sites",
        ),
        counters=(
            "small workplaces have nobody willing to take the role",
            "publishing accidents exposes injured members by name",
            "a right to stop work will be contested in court",
            "independent inspectors cost more than we have",
            "first aid is the employer's legal duty, not ours",
        ),
        asks=(
            "who trains the safety representatives",
            "how is a near miss defined",
            "what protection does a representative have",
        ),
        replies=(
            "the regional safety officer, with the material from the centre",
            "any event that could have caused an injury",
            "the same legal protection as a steward",
        ),
        amendments=(
            "anonymise the report before publishing",
            "start with the sites with the most accidents",
            "share the inspectors' costs with the other unions",
        ),
        locals=(
            "our site had two serious accidents this year",
            "our machines are older than most members",
            "we work mostly alone on remote sites",
            "our employer already has a safety committee on paper",
        ),
        actions=(
            "elect our safety representative at the next meeting",
            "keep a logbook of near misses in the break room",
            "ask for an inspection of the old press line",
            "book a first-aid course for the remote crews",
        ),
        facts=(
            "Reported accidents rose to {n} last year.",
            "The inspectorate's register lists {n} visits in our sector this decade.",
        ),
        readings=(
            "the rise comes from better reporting as much as from more accidents",
            "the accidents cluster in the first hour after a shift change",
        ),
    ),
    Topic(
        titles=("Solidarity with the dock workers", "A solidarity action", "Support for a strike"),
        text="How should we support the dock workers' strike?",
        proposals=(
            "send a delegation and a donation from the strike fund",
            "refuse to handle goods diverted from the docks",
            "organise a solidarity collection in every cell",
            "issue a joint statement with the other unions",
            "host striking families in members' homes",
        ),
        reasons=(
            "their defeat would be used against us next",
            "diverted goods break the strike through our hands",
            "members want to give something concrete",
            "a joint statement shows the employers we stand together",
            "the strike has lasted six weeks and families are struggling",
        ),
        counters=(
            "refusing work exposes our members to dismissal",
            "the fund is low after our own dispute",
            "a statement without action changes nothing",
            "the dock union has not asked for this",
            "hosting families needs organisation we do not have",
        ),
        asks=(
            "what has the dock union asked for",
            "is refusing diverted goods legal",
            "how long can the fund support a donation",
        ),
        replies=(
            "money and presence at the gates, in that order",
            "lawyers advise it is lawful when done collectively",
            "for two months without touching the reserve",
        ),
        amendments=(
            "ask the dock union first what helps most",
            "make the collection monthly while the strike lasts",
            "add a speaker from the docks at our next meeting",
        ),
        locals=(
            "several of our members have family at the docks",
            "our warehouse receives diverted containers",
            "our cell is far from the coast",
            "our members already collected money last week",
        ),
        actions=(
            "bring the collection to the picket line on Saturday",
            "brief the warehouse crews on diverted goods",
            "invite a striker to speak at the canteen",
            "pass the hat at every shift change",
        ),
        facts=(
            "The dock strike involves {n} hundred workers.",
            "Diverted containers through our warehouse rose {n} percent this month.",
        ),
        readings=(
            "the diversion shows the employers are preparing a long fight",
            "the numbers show the strike holds even at the smaller docks",
        ),
    ),
    Topic(
        titles=("Preparing the congress", "The congress agenda", "Delegates to congress"),
        text="What should the coming congress decide, and how do we prepare it?",
        proposals=(
            "open the congress agenda to motions from every cell",
            "hold regional pre-congress meetings on each motion",
            "publish every motion and amendment two months ahead",
            "limit the congress to three priorities for the next two years",
            "invite the member organizations of the forum as observers",
        ),
        reasons=(
            "the agenda has been set by the committee alone for years",
            "delegates arrive without having discussed the motions",
            "cells cannot prepare amendments in two weeks",
            "the last congress passed forty motions and carried out five",
            "our sister organizations face the same questions",
        ),
        counters=(
            "an open agenda means a congress that never ends",
            "regional meetings cost time the regions do not have",
            "two months ahead the committee's own report is not ready",
            "three priorities leave important work without a mandate",
            "observers from outside make members speak less freely",
        ),
        asks=(
            "how many motions did the cells send last time",
            "who decides the order of the agenda",
            "will delegates be mandated by their cells",
        ),
        replies=(
            "about sixty, of which twelve reached the floor",
            "a standing orders committee elected by the delegates",
            "cells may mandate them; otherwise delegates vote freely",
        ),
        amendments=(
            "let a standing orders committee merge similar motions",
            "hold the regional meetings online where travel is hard",
            "review the three priorities at mid-term",
        ),
        locals=(
            "our cell has never sent a motion",
            "our region has one delegate for four hundred members",
            "our members meet only once a month",
            "our cell wrote a motion last year that was not heard",
        ),
        actions=(
            "draft our motion at the next two meetings",
            "choose our delegate by ballot and mandate them",
            "send our amendments to the region by the deadline",
            "hold a reading of the congress papers",
        ),
        facts=(
            "The last congress received {n} motions.",
            "{n} percent of cells sent at least one motion to the last congress.",
        ),
        readings=(
            "the motions came mostly from the same few regions",
            "cells that met more often sent more motions",
        ),
    ),
)

FIRST_NAMES = tuple(
    [
        "Ana",
        "Ben",
        "Chen",
        "Dora",
        "Emil",
        "Fatima",
        "Gabriel",
        "Hana",
        "Ivan",
        "Julia",
        "Kwame",
        "Lena",
        "Marco",
        "Nadia",
        "Omar",
        "Petra",
        "Quentin",
        "Rosa",
        "Samir",
        "Tereza",
        "Ugo",
        "Vera",
        "Wanjiru",
        "Xavier",
        "Yusuf",
        "Zofia",
        "Aiko",
        "Bogdan",
        "Carmen",
        "Dmitri",
        "Elif",
        "Farid",
        "Greta",
        "Hugo",
        "Ines",
        "Jonas",
        "Kirsi",
        "Luis",
        "Mei",
        "Niklas",
        "Olga",
        "Pablo",
        "Rania",
        "Sven",
        "Tomás",
        "Uma",
        "Viktor",
        "Yara",
        "Zeynep",
        "Amara",
    ]
)

LAST_NAMES = tuple(
    [
        "Reyes",
        "Okafor",
        "Wei",
        "Kovač",
        "Sørensen",
        "Haddad",
        "Moreau",
        "Novak",
        "Petrov",
        "Schmidt",
        "Mensah",
        "Rossi",
        "Nowak",
        "Costa",
        "Yilmaz",
        "Tanaka",
        "Lindqvist",
        "Ortega",
        "Dubois",
        "Horvat",
        "Ibrahim",
        "Jansen",
        "Kowalski",
        "Larsen",
        "Murphy",
        "Nakamura",
        "Oliveira",
        "Popescu",
        "Quispe",
        "Rahman",
        "Silva",
        "Torres",
        "Usman",
        "Varga",
        "Weber",
        "Xu",
        "Young",
        "Zielinski",
        "Adeyemi",
        "Berg",
        "Castro",
        "Demir",
        "Eriksen",
        "Fischer",
    ]
)

PLACES = tuple(
    [
        "Harbour Depot",
        "North Mill",
        "Eastside Bakery",
        "Tram Garage",
        "City Hospital",
        "Printworks",
        "Riverside School",
        "Warehouse Seven",
        "Glassworks",
        "Central Station",
        "Canning Plant",
        "Market Hall",
        "Shipyard",
        "Bus Depot",
        "Textile Works",
        "Call Centre",
        "University Library",
        "Water Works",
        "Post Office",
        "Brewery",
        "Power Station",
        "Sawmill",
    ]
)

REGIONS = tuple(
    [
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Coastal",
        "Valley",
        "Highland",
        "Riverside",
        "Lakeland",
        "Border",
        "Metropolitan",
    ]
)

ORG_NAMES = (
    ("transport", "Federation of Transport Workers"),
    ("housing", "Union of Housing Cooperatives"),
    ("printers", "Printers' and Typesetters' Union"),
    ("teachers", "Teachers' Association"),
    ("food", "Federation of Food Cooperatives"),
    ("health", "Health Workers' Union"),
    ("metal", "Metalworkers' Union"),
    ("care", "Care Workers' Cooperative"),
)
