"""Texts of the Prix ESS demo data: the default scoring grids, legal statuses, project
titles per sector and the CRESS's comments."""

# Default scoring grids: (label, weight), each scored out of 10.
CRITERIA = {
    "performance": (
        ("Solidité du modèle économique", 3),
        ("Création et qualité des emplois", 2),
        ("Gouvernance démocratique et partage de la valeur", 2),
        ("Perspectives de développement", 1),
    ),
    "innovation": (
        ("Réponse à un besoin social mal satisfait", 3),
        ("Caractère innovant de la démarche", 3),
        ("Possibilité d'essaimage", 2),
        ("Participation des bénéficiaires", 1),
    ),
    "impact-local": (
        ("Ancrage territorial et partenariats locaux", 3),
        ("Effets mesurés sur le territoire", 3),
        ("Mobilisation des habitants", 2),
    ),
    "coup-de-coeur": (
        ("Originalité du projet", 2),
        ("Force de l'engagement", 2),
        ("Qualité de la présentation", 1),
    ),
}
LEGAL_STATUS = {
    "association": ("Association loi 1901",),
    "cooperative": ("SCOP", "SCIC"),
    "mutuelle": ("Mutuelle (code de la mutualité)",),
    "entreprise-ess": ("SAS agréée ESUS", "SARL agréée ESUS"),
    "fondation": ("Fondation reconnue d'utilité publique", "Fonds de dotation"),
}
PROJECTS = {
    "insertion": ("Chantier d'insertion en maraîchage biologique", "Conciergerie solidaire"),
    "action-sociale": ("Épicerie sociale et solidaire", "Accueil de jour pour les aidants"),
    "culture": ("Tiers-lieu culturel", "Résidences d'artistes dans les villages"),
    "environnement": ("Ressourcerie et atelier de réemploi", "Atelier vélo participatif"),
    "agriculture-alimentation": ("Légumerie pour la restauration collective", "Magasin de producteurs"),
    "habitat": ("Habitat participatif intergénérationnel", "Rénovation énergétique solidaire"),
    "finance": ("Fonds citoyen pour les petites entreprises", "Microcrédit accompagné"),
    "numerique": ("Médiation numérique itinérante", "Reconditionnement d'ordinateurs"),
    "sante": ("Centre de santé de proximité", "Prévention santé des jeunes"),
    "education-populaire": ("Fabrique de projets de jeunes", "Université populaire"),
    "formation": ("École de production", "Formation aux métiers du réemploi"),
    "creation-entreprise": ("Coopérative d'activité et d'emploi", "Couveuse d'entreprises"),
}
OTHER_PROJECTS = (
    "Café associatif et épicerie de village",
    "Service de mobilité solidaire",
    "Jardin partagé et cuisine collective",
)
COMMENTS = (
    "Projet solide, bien ancré sur le territoire.",
    "Belle dynamique partenariale ; modèle économique encore fragile.",
    "Très bonne candidature, impact social démontré.",
    "Dossier incomplet sur les chiffres, projet intéressant.",
    "Innovation réelle, à suivre.",
    "Candidature correcte mais peu différenciante.",
)
