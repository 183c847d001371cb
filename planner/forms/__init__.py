"""Forms, one module per views module: what a person may type, checked first."""
