// Messages of the error pages (app/root.tsx's ErrorBoundary, and a public route's own when its address
// does not exist), so that a reader who followed a dead address is told so in the page's language.
export const errors = {
  en: {
    "errors.notFound.title": "Page not found",
    "errors.notFound.text": "There is no page at this address.",
    "errors.forbidden.title": "Not allowed",
    "errors.forbidden.text": "You do not have permission to see this page.",
    "errors.refused.title": "Request refused ({status})",
    "errors.failed.title": "Something went wrong",
    "errors.failed.text": "Accord could not complete this request. Nothing was changed. Please try again.",
    "errors.home": "Go to the home page",
  },
  fr: {
    "errors.notFound.title": "Page introuvable",
    "errors.notFound.text": "Il n’y a pas de page à cette adresse.",
    "errors.forbidden.title": "Accès refusé",
    "errors.forbidden.text": "Vous n’avez pas l’autorisation de consulter cette page.",
    "errors.refused.title": "Demande refusée ({status})",
    "errors.failed.title": "Une erreur s’est produite",
    "errors.failed.text": "Accord n’a pas pu traiter cette demande. Rien n’a été modifié. Veuillez réessayer.",
    "errors.home": "Aller à la page d’accueil",
  },
} as const;
