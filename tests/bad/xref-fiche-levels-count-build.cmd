build -q --theme @TOP@/themes/default
