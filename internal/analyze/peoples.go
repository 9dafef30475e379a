package analyze

import "strings"

// peoples are plural nouns that name a nation, a people or the followers
// of a faith ("Muslims", "Afghans", "Texans"): named groups of people,
// which news annotation (CoNLL's MISC, GUM's plural proper nouns) counts as
// other named things. The singular adjectives are demonyms, no names.
const peoples = `
afghans africans albanians algerians americans arabs argentines argentinians armenians asians
australians austrians azerbaijanis bangladeshis belarusians belgians bolivians bosnians brazilians
britons brits bulgarians burmese californians cambodians canadians catholics chechens chileans
christians colombians congolese croats cubans cypriots czechs danes dutchmen ecuadorians egyptians
emiratis englishmen eritreans estonians ethiopians europeans filipinos finns floridians frenchmen
georgians germans ghanaians greeks guatemalans haitians hindus hispanics hondurans hungarians
icelanders indians indonesians iranians iraqis irishmen israelis italians jamaicans jews jordanians
kazakhs kenyans koreans kosovars kurds kuwaitis kyrgyz latinos latvians lebanese libyans
lithuanians londoners macedonians malaysians maltese mexicans moldovans mongolians montenegrins
mormons moroccans muscovites muslims nepalis nicaraguans nigerians norwegians omanis pakistanis
palestinians panamanians paraguayans parisians pashtuns peruvians poles protestants qataris
romanians russians rwandans salvadorans saudis scots serbs shias shiites sikhs slovaks slovenians
somalis spaniards sri-lankans sudanese sunnis swedes syrians taiwanese tajiks tanzanians texans
thais tibetans tunisians turks ugandans ukrainians uruguayans uyghurs uighurs uzbeks venezuelans
vietnamese welshmen yemenis zimbabweans zambians buddhists jains
`

// faithsAndFeasts are religions, pilgrimages and feasts: other named
// things, never people, places or bodies.
var faithsAndFeasts = [][]string{
	{"Islam"}, {"Christianity"}, {"Judaism"}, {"Hinduism"}, {"Buddhism"}, {"Sikhism"}, {"Catholicism"},
	{"Protestantism"}, {"Hajj"}, {"Umrah"}, {"Eid", "Eid al-Fitr", "Eid al-Adha"}, {"Passover"},
	{"Hanukkah"}, {"Diwali"}, {"Thanksgiving"}, {"Halloween"}, {"Lent"}, {"Yom Kippur"},
	{"Rosh Hashanah"}, {"Lunar New Year"}, {"Chinese New Year"}, {"New Year's Eve"}, {"New Year's Day"},
}

// languages are names of languages, which English writes like demonyms:
// "English" is a name in "written in English", an adjective in "English
// captain". languageName tells the two apart.
var languages = toSet("english", "french", "german", "spanish", "arabic", "chinese", "mandarin",
	"cantonese", "russian", "italian", "portuguese", "japanese", "korean", "hindi", "urdu", "persian",
	"farsi", "turkish", "hebrew", "greek", "latin", "dutch", "swedish", "polish", "ukrainian",
	"swahili", "bengali", "punjabi", "tamil", "maori", "welsh", "irish", "gaelic", "catalan",
	"basque", "czech", "hungarian", "romanian", "danish", "norwegian", "finnish", "vietnamese", "thai",
	"indonesian", "malay", "tagalog", "pashto", "dari", "kurdish", "yiddish", "esperanto")

// languageCues are the words before a language's name used as a noun:
// "in English", "speak French".
var languageCues = toSet("in", "into", "speak", "speaks", "spoke", "speaking", "learn", "learning",
	"learned", "learnt", "teach", "teaches", "teaching", "taught", "fluent", "native", "translated")

// languageName reports whether the demonym-like word k names a language:
// a language cue before it, and no noun after it (the sentence or clause
// ends, or a function word follows: "speak English or …").
func languageName(text, lang string, words []word, k int) bool {
	if !languages[words[k].key] || k == 0 || !languageCues[words[k-1].key] ||
		!onlySpace(text[words[k-1].end:words[k].start]) || words[k-1].sent != words[k].sent {
		return false
	}
	if k+1 == len(words) || words[k+1].sent != words[k].sent {
		return true
	}
	if !onlySpace(text[words[k].end:words[k+1].start]) {
		return true
	}
	return !words[k+1].upper && isStopword(lang, words[k+1].key)
}

// peopleList is the gazetteer form of peoples: one entry per word, in
// title case ("sri-lankans" → "Sri-Lankans").
func peopleList() [][]string {
	var out [][]string
	for _, p := range strings.Fields(peoples) {
		parts := strings.Split(p, "-")
		for i, s := range parts {
			parts[i] = strings.ToUpper(s[:1]) + s[1:]
		}
		out = append(out, []string{strings.Join(parts, " ")})
	}
	return out
}
