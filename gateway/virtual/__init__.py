"""The virtual ЭПБ: one number in every form (plastic, personal account, app, wallet), the partner
API of the union's personal-account site and app, its signed webhooks, and the wallet pass."""
