build -q
