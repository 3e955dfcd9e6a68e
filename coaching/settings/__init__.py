"""Settings: `base` holds what every environment shares; `dev`, `test` and `production`
adjust it. Everything secret or machine-specific comes from the environment."""
