package inspect

// PublicPEM is publicPEM, for the external tests.
var PublicPEM = publicPEM
