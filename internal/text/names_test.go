package text

import "testing"

func TestNameKey(t *testing.T) {
	same := [][]string{
		{"Sergey Lavrov", "Sergei Lavrov", "Сергей Лавров", "Russian Foreign Minister Sergei Lavrov"},
		{"Volodymyr Zelensky", "Volodymyr Zelenskiy", "Volodymyr Zelenskyy", "Володимир Зеленський"},
		{"Alexei Navalny", "Aleksey Navalny", "Alexey Navalniy"},
		{"NATO", "Nato"},
		{"Linda Thomas-Greenfield", "Ambassador Linda Thomas-Greenfield"},
	}
	for _, group := range same {
		want := NameKey(group[0])
		for _, n := range group[1:] {
			if got := NameKey(n); got != want {
				t.Errorf("NameKey(%q) = %q, want %q (as %q)", n, got, want, group[0])
			}
		}
	}
	surnames := map[string]string{
		"Mr Lavrov": "lavrov", "Lavrov": "lavrov", "Лавров": "lavrov", "Sergey Lavrov": "lavrov",
		"Lavrov's": "lavrov", "Zelenskiy": "zelenski", "Зеленский": "zelenski", "President Putin": "putin",
		"Путин": "putin", "Martin Luther King Jr.": "king", "Mr": "mr", "": "",
	}
	for in, want := range surnames {
		if got := Surname(in); got != want {
			t.Errorf("Surname(%q) = %q, want %q", in, got, want)
		}
	}
	if NameKey("Sergei Lavrov") == NameKey("Sergei Ryabkov") {
		t.Error("different people share a key")
	}
}

func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Sergey Lavrov", "Mr Лавров", "x-y.z's", "", "Jr."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := NameKey(s)
		if NameKey(k) != NameKey(NameKey(k)) {
			t.Errorf("NameKey not stable on %q", s)
		}
		_ = Surname(s)
	})
}
