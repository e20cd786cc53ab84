// binhdang: small progressive enhancements only
