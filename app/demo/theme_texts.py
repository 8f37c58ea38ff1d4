"""French material for demo events, per daily theme (keys are the catalogue's theme slugs).

subjects: debate subjects (quoted in titles); places: a place to visit, with its article;
activities: workshop titles; films: invented documentaries; forum: "Forum …" complement;
prevention: what a prevention operation is about; pitch: sentences for descriptions.
"""

from __future__ import annotations

THEME_TEXTS: dict[str, dict[str, tuple[str, ...] | str]] = {
    "travailler": {
        "subjects": (
            "Travailler autrement : l'emploi dans l'économie sociale et solidaire",
            "L'insertion par l'activité économique, un tremplin vers l'emploi",
            "Handicap et emploi : des entreprises adaptées qui innovent",
            "Les métiers de l'ESS recrutent",
            "Quelle place pour les salariés dans la gouvernance ?",
            "Qualité de vie au travail : ce que l'ESS peut apporter",
            "Les comités d'entreprise, acteurs de l'économie sociale",
            "Se reconvertir dans l'économie sociale et solidaire",
        ),
        "places": (
            "l'entreprise d'insertion",
            "le chantier d'insertion",
            "l'entreprise adaptée",
            "la régie de quartier",
            "la coopérative d'activités et d'emploi",
        ),
        "activities": (
            "Atelier CV et simulation d'entretien",
            "Job dating de l'économie sociale",
            "Formation : recruter sans discriminer",
            "Speed meeting emploi et handicap",
            "Atelier : valoriser son bénévolat dans son CV",
        ),
        "films": ("Les Mains dans le cambouis", "Un travail qui a du sens", "Ceux qui recommencent"),
        "forum": "de l'emploi solidaire",
        "prevention": ("les risques professionnels", "l'épuisement au travail"),
        "pitch": (
            "L'économie sociale et solidaire représente près d'un emploi sur dix en France, "
            "des emplois ancrés dans les territoires.",
            "Salariés, demandeurs d'emploi et employeurs échangeront sur les parcours "
            "d'insertion et les métiers qui recrutent.",
            "Des structures d'insertion témoigneront de leur accompagnement vers un emploi durable.",
        ),
    },
    "consommer-acheter-manger": {
        "subjects": (
            "Consommer local, un geste pour le territoire",
            "Le commerce équitable, du Sud au Nord",
            "Circuits courts : qui fixe le juste prix ?",
            "Manger bio sans se ruiner",
            "Lutter contre le gaspillage alimentaire",
            "Les épiceries solidaires, un modèle d'avenir ?",
            "De la fourche à la fourchette : l'agriculture paysanne",
        ),
        "places": (
            "l'épicerie solidaire",
            "la coopérative bio",
            "l'AMAP",
            "la boutique de commerce équitable",
            "le magasin de producteurs",
            "la cuisine solidaire",
        ),
        "activities": (
            "Atelier cuisine anti-gaspillage",
            "Atelier produits ménagers au naturel",
            "Dégustation de produits du commerce équitable",
            "Atelier conserves et bocaux",
            "Visite de ferme et cueillette",
        ),
        "films": ("La Terre en partage", "Le Goût des autres saisons", "Du champ à l'assiette"),
        "forum": "de la consommation responsable",
        "prevention": ("l'équilibre alimentaire", "le gaspillage alimentaire"),
        "pitch": (
            "Producteurs, consommateurs et commerçants engagés présenteront des façons de "
            "consommer plus justes et plus durables.",
            "Le commerce équitable garantit un prix juste aux producteurs et soutient une "
            "agriculture respectueuse de l'environnement.",
            "Les circuits courts rapprochent paysans et mangeurs autour d'une alimentation de qualité.",
        ),
    },
    "se-loger": {
        "subjects": (
            "L'habitat participatif, vivre ensemble autrement",
            "Les coopératives d'habitants : mode d'emploi",
            "Logement social et mixité : quelles solutions ?",
            "Cohabitation intergénérationnelle, un toit partagé",
            "Rénover son logement avec l'éco-habitat",
            "Se loger quand on est jeune : l'ESS s'engage",
        ),
        "places": (
            "l'habitat participatif",
            "la coopérative d'habitants",
            "la résidence intergénérationnelle",
            "la maison relais",
            "le foyer de jeunes travailleurs",
        ),
        "activities": (
            "Atelier : monter un projet d'habitat participatif",
            "Atelier rénovation énergétique et éco-matériaux",
            "Visite d'un chantier d'éco-construction",
            "Atelier : comprendre la cohabitation intergénérationnelle",
        ),
        "films": ("Un toit pour tous", "Habiter ensemble", "La Maison des possibles"),
        "forum": "de l'habitat participatif",
        "prevention": ("la précarité énergétique", "les accidents domestiques"),
        "pitch": (
            "Coopératives d'habitants, bailleurs sociaux et associations partageront leurs "
            "expériences pour un logement digne et abordable.",
            "Vivre ensemble, mutualiser des espaces et décider collectivement : l'habitat "
            "participatif séduit de plus en plus de familles.",
        ),
    },
    "eduquer-et-apprendre": {
        "subjects": (
            "Éduquer à l'économie sociale et solidaire dès l'école",
            "Les jeunes et l'engagement associatif",
            "La coopération à l'école, ça s'apprend",
            "L'université s'ouvre à l'économie sociale",
            "Petite enfance : les crèches parentales",
            "Éducation populaire : transmettre et émanciper",
        ),
        "places": (
            "la crèche parentale",
            "l'université populaire",
            "le centre de loisirs",
            "la junior coopérative",
            "l'école de production",
        ),
        "activities": (
            "Atelier jeux coopératifs parents-enfants",
            "Créer une mini-entreprise coopérative avec des lycéens",
            "Atelier sciences participatives",
            "Jeu de rôle : créer son association",
            "Initiation au débat mouvant pour les jeunes",
        ),
        "films": ("L'École buissonnière", "Graines de coopérateurs", "Les Enfants du quartier"),
        "forum": "des métiers de l'ESS pour les jeunes",
        "prevention": ("le harcèlement scolaire", "les écrans chez les enfants"),
        "pitch": (
            "Élèves, étudiants et enseignants découvriront comment coopérer, entreprendre "
            "collectivement et s'engager.",
            "L'éducation populaire permet à chacun d'apprendre tout au long de la vie et de "
            "devenir acteur de son territoire.",
        ),
    },
    "entreprendre-epargner-et-investir": {
        "subjects": (
            "Les coopératives, une autre façon d'entreprendre",
            "Reprendre son entreprise en SCOP",
            "L'épargne solidaire, comment ça marche ?",
            "La finance solidaire au service du territoire",
            "Entreprendre autrement : l'entrepreneuriat social",
            "Créer son activité en coopérative d'activités et d'emploi",
            "Investir local : les fonds citoyens",
            "Transmettre son entreprise à ses salariés",
        ),
        "places": (
            "la SCOP",
            "la couveuse d'entreprises",
            "la coopérative d'activités et d'emploi",
            "la pépinière d'entreprises solidaires",
            "la SCIC",
            "l'incubateur d'innovation sociale",
        ),
        "activities": (
            "Formation : créer sa coopérative",
            "Atelier : financer son projet grâce à l'épargne solidaire",
            "Atelier : construire son modèle économique",
            "Rencontre entre porteurs de projets et financeurs solidaires",
            "Atelier : gérer son association employeuse",
        ),
        "films": ("Demain, la coopérative", "Les Repreneurs", "L'Argent autrement"),
        "forum": "de la création d'entreprise solidaire",
        "prevention": ("le surendettement", "les difficultés des entreprises"),
        "pitch": (
            "Une coopérative appartient à ses membres : une personne, une voix, quel que soit "
            "le capital apporté.",
            "Porteurs de projets, financeurs solidaires et entrepreneurs de l'économie sociale "
            "partageront leurs parcours.",
            "L'épargne solidaire finance des entreprises qui créent des emplois et du lien social.",
        ),
    },
    "aider-et-soigner": {
        "subjects": (
            "La mutualité, la solidarité face aux risques de la vie",
            "Prévention santé : agir avant d'être malade",
            "Accès aux droits : personne au bord du chemin",
            "Les services à la personne, des emplois de proximité",
            "Vieillir chez soi : le rôle des associations",
            "Aidants familiaux : se faire aider pour mieux aider",
        ),
        "places": (
            "le centre de santé mutualiste",
            "la maison de services à la personne",
            "l'accueil de jour",
            "l'établissement médico-social",
            "le service d'aide à domicile",
        ),
        "activities": (
            "Atelier prévention santé",
            "Initiation aux gestes de premiers secours",
            "Atelier bien vieillir",
            "Permanence d'accès aux droits",
            "Atelier sommeil et alimentation",
        ),
        "films": ("Prendre soin", "Les Invisibles du quotidien", "Au fil des jours"),
        "forum": "des services à la personne",
        "prevention": ("le diabète", "les maladies cardio-vasculaires", "les gestes qui sauvent"),
        "pitch": (
            "Mutuelles, associations et fondations du secteur sanitaire et social présenteront "
            "leurs actions de prévention et d'accompagnement.",
            "La solidarité entre les générations et l'accès aux soins pour tous sont au cœur "
            "de cette rencontre.",
        ),
    },
    "s-evader": {
        "subjects": (
            "La culture, bien commun et levier de l'économie sociale",
            "Le tourisme solidaire : voyager autrement",
            "Le sport associatif, école de la vie",
            "Les lieux culturels coopératifs",
            "Vacances pour tous : un droit à défendre",
        ),
        "places": (
            "le cinéma associatif",
            "la ferme pédagogique",
            "le village vacances associatif",
            "la salle de spectacle coopérative",
            "le club sportif",
            "la compagnie de théâtre",
        ),
        "activities": (
            "Atelier d'écriture",
            "Initiation au théâtre d'improvisation",
            "Randonnée à la découverte des acteurs de l'ESS",
            "Atelier photo",
            "Tournoi de sport solidaire",
        ),
        "films": ("Le Voyage autrement", "Sur les planches", "Le Club"),
        "forum": "du tourisme solidaire",
        "prevention": ("les risques auditifs en concert", "les blessures sportives"),
        "pitch": (
            "Associations culturelles, clubs sportifs et acteurs du tourisme solidaire montrent "
            "que les loisirs peuvent être accessibles à tous.",
            "Un moment de partage autour de la culture, des arts et des loisirs, loin des "
            "logiques purement marchandes.",
        ),
    },
    "participer-et-cooperer": {
        "subjects": (
            "Le bénévolat, une richesse pour le territoire",
            "Démocratie locale : décider ensemble",
            "La vie associative en questions",
            "La solidarité internationale commence ici",
            "Gouvernance partagée : comment coopérer au quotidien ?",
            "S'engager quand on est jeune",
        ),
        "places": (
            "la maison des associations",
            "le tiers-lieu",
            "le centre social",
            "le café associatif",
            "la maison de quartier",
        ),
        "activities": (
            "Formation des bénévoles",
            "Atelier gouvernance partagée",
            "Atelier : animer une réunion participative",
            "Jeu coopératif géant",
            "Atelier d'affiches citoyennes",
        ),
        "films": ("Les Voix du quartier", "Ici et là-bas", "Le Temps des communs"),
        "forum": "du bénévolat et de la vie associative",
        "prevention": ("l'épuisement des bénévoles", "les discriminations"),
        "pitch": (
            "Bénévoles, militants associatifs et citoyens échangeront sur les manières de "
            "s'engager et de décider collectivement.",
            "La solidarité internationale et la vie associative montrent que chacun peut agir, "
            "ici et ailleurs.",
        ),
    },
    "preserver": {
        "subjects": (
            "Réduire, réparer, réemployer : l'économie circulaire en action",
            "L'énergie citoyenne, produire ensemble une électricité renouvelable",
            "Se déplacer autrement : les mobilités partagées",
            "La transition écologique, une affaire collective",
            "Zéro déchet : des solutions près de chez vous",
            "Protéger la biodiversité avec les associations",
        ),
        "places": (
            "la recyclerie",
            "la ressourcerie",
            "l'atelier vélo",
            "la centrale solaire citoyenne",
            "le jardin partagé",
            "la plateforme de compostage",
        ),
        "activities": (
            "Atelier de réparation de vélos",
            "Repair café",
            "Atelier compostage et lombricompostage",
            "Balade nature à la découverte de la biodiversité",
            "Atelier couture et réemploi textile",
        ),
        "films": ("Ceux qui réparent", "Le Vent en commun", "La Seconde Vie des objets"),
        "forum": "de la transition écologique",
        "prevention": ("la qualité de l'air intérieur", "la prévention des déchets"),
        "pitch": (
            "Recycleries, coopératives d'énergie et associations environnementales proposent "
            "des solutions concrètes pour préserver la planète.",
            "Réemployer, réparer et partager : des gestes simples qui créent aussi des emplois locaux.",
        ),
    },
    "s-informer-et-communiquer": {
        "subjects": (
            "Les logiciels libres, des communs numériques",
            "Les médias associatifs, une autre information",
            "Inclusion numérique : personne ne doit être laissé de côté",
            "Communiquer sur l'économie sociale et solidaire",
            "Le numérique au service des associations",
        ),
        "places": (
            "la radio associative",
            "le fablab",
            "l'espace public numérique",
            "le média coopératif",
            "la recyclerie informatique",
        ),
        "activities": (
            "Install party de logiciels libres",
            "Atelier d'initiation au numérique",
            "Atelier radio en direct",
            "Atelier : protéger ses données personnelles",
            "Atelier de réparation d'ordinateurs",
        ),
        "films": ("Les Communs numériques", "À l'antenne", "Le Code partagé"),
        "forum": "du numérique libre et solidaire",
        "prevention": ("les arnaques en ligne", "le cyberharcèlement"),
        "pitch": (
            "Médias associatifs, fablabs et acteurs du logiciel libre montreront comment le "
            "numérique peut rester ouvert et partagé.",
            "Informer autrement et donner accès au numérique à tous : un enjeu de cohésion sociale.",
        ),
    },
}
