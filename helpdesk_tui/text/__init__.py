"""Text as the operator reads it: Japanese line breaking (BudouX phrases, kinsoku) and
the wording of codes kept in records (environments, audit actions and details).
Never imports Textual: the command line shares it."""
