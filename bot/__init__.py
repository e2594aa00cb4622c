"""qotd-bot: question of the day and quizzes for tech communities on Discord."""
