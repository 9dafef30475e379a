package text

import "strings"

// cyrillicLatin transliterates Russian and Ukrainian letters to the Latin
// forms that English-language news uses most often (a practical mix of BGN
// and common press spellings: "Путин" → "putin", "Лавров" → "lavrov",
// "Зеленский" → "zelenskii").
var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "i", 'є': "ye", 'ґ': "g", 'ў': "u",
}

// Translit lower-cases a text and writes its Cyrillic letters in Latin ones;
// other characters pass through. It lets names meet across scripts.
func Translit(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if l, ok := cyrillicLatin[r]; ok {
			b.WriteString(l)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
