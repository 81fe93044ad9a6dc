"""Democratic centralism: directives, applications, feedback up and its answers, lines, credit."""
