"""Pure rules, value objects and the domain's errors: no Discord, no database, no scheduler."""
