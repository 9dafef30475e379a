package text

import (
	"strings"
	"sync"
)

// placeForms lists, for common countries, capitals and regions named in
// the news, their names in German, Spanish, French, Italian, Polish,
// Russian, Turkish and Arabic (written from general knowledge, with the
// inflected forms those languages use most: Polish and Russian cases,
// German genitives, Arabic with and without the article), so that a report
// in one language and a report in another name the same place with one
// key. The English name is the key (forms equal to it are left out);
// every form is one word, as names are matched a word at a time (a name of
// several words, "Estados Unidos", is left to its single-word forms,
// "EEUU").
var placeForms = map[string]string{
	"afghanistan": "afganistán afganistan afghanistan afganistanu afganistanie афганистан афганистана афганистане afganistan أفغانستان",
	"africa":      "afrika áfrica afrique africa afryka afryki afryce африка африки африке afrika أفريقيا إفريقيا",
	"algeria":     "algerien argelia algérie algeria algieria algierii алжир алжира cezayir الجزائر",
	"america":     "amerika américa amérique america ameryka ameryki ameryce америка америки америке amerika أمريكا أميركا",
	"ankara":      "анкара анкары ankara أنقرة",
	"argentina":   "argentinien argentine argentyna argentyny аргентина аргентины arjantin الأرجنتين",
	"athens":      "athen atenas athènes atene ateny aten афины афинах atina أثينا",
	"australia":   "australien australie australia australii австралия австралии avustralya أستراليا",
	"austria":     "österreich austria autriche austrii австрия австрии avusturya النمسا",
	"baghdad":     "bagdad bagdadzie багдад багдада bağdat بغداد",
	"beijing":     "peking pekín pékin pechino pekinie пекин пекина pekin بكين",
	"beirut":      "beirut beirut beyrouth beirut bejrut bejrucie бейрут бейрута beyrut بيروت",
	"belgium":     "belgien bélgica belgique belgio belgia belgii бельгия бельгии belçika بلجيكا",
	"berlin":      "berlín berlino berlinie берлин берлина berlin برلين",
	"brazil":      "brasilien brasil brésil brasile brazylia brazylii бразилия бразилии brezilya البرازيل",
	"britain":     "großbritannien britannien brytania brytanii британия британии великобритания великобритании britanya بريطانيا",
	"brussels":    "brüssel bruselas bruxelles bruxelles bruksela brukseli брюссель брюсселе brüksel بروكسل",
	"cairo":       "kairo el cairo caire il cairo kair kairze каир каире kahire القاهرة",
	"canada":      "kanada canadá kanady kanadzie канада канады kanada كندا",
	"china":       "volksrepublik chine cina chiny chin chinach китай китая китае çin الصين",
	"cuba":        "kuba kubie куба кубы küba كوبا",
	"cyprus":      "zypern chipre chypre cipro cypr cypru кипр кипра kıbrıs قبرص",
	"damascus":    "damaskus damasco damas damasco damaszek damaszku дамаск дамаска şam دمشق",
	"denmark":     "dänemark dinamarca danemark danimarca dania danii дания дании danimarka الدنمارك",
	"egypt":       "ägypten egipto égypte egitto egipt egiptu egipcie египет египта египте mısır مصر",
	"england":     "inglaterra angleterre inghilterra anglia anglii англия англии ingiltere إنجلترا",
	"europe":      "europa europas europy europie европа европы европе avrupa أوروبا",
	"finland":     "finnland finlandia finlande finlandii финляндия финляндии finlandiya فنلندا",
	"france":      "frankreich frankreichs francia francja francji францию франция франции fransa فرنسا",
	"gaza":        "gazastreifen газа gazy gazie gazze غزة",
	"germany":     "deutschland deutschlands alemania allemagne germania niemcy niemiec niemczech niemcom германия германии германию almanya ألمانيا",
	"greece":      "griechenland grecia grèce grecja grecji греция греции yunanistan اليونان",
	"hungary":     "ungarn hungría hongrie ungheria węgry węgier węgrzech венгрия венгрии macaristan المجر",
	"india":       "indien inde indie indii индия индии hindistan الهند",
	"indonesia":   "indonesien indonésie indonezja indonezji индонезия индонезии endonezya إندونيسيا",
	"iran":        "irán irans iranu iranie иран ирана иране i̇ran إيران",
	"iraq":        "irak iraks irak iraku iraku ирак ирака ираке العراق",
	"ireland":     "irland irlanda irlande irlandia irlandii ирландия ирландии i̇rlanda أيرلندا",
	"israel":      "israels israel israël israele izrael izraela izraelu израиль израиля израиле i̇srail إسرائيل",
	"istanbul":    "estambul stambuł stambule стамбул стамбуле i̇stanbul إسطنبول",
	"italy":       "italien italia italie włochy włoch włoszech италия италии i̇talya إيطاليا",
	"japan":       "japón japon giappone japonia japonii япония японии japonya اليابان",
	"jerusalem":   "jerusalén jérusalem gerusalemme jerozolima jerozolimie иерусалим иерусалиме kudüs القدس",
	"jordan":      "jordanien jordania jordanie giordania jordanii иордания иордании ürdün الأردن",
	"kabul":       "kabulu кабул кабуле kabil كابول",
	"kyiv":        "kiew kiev kiev kijów kijowie киев киева киеве київ kiev كييف",
	"lebanon":     "libanon líbano liban libano libanie ливан ливана ливане lübnan لبنان",
	"libya":       "libyen libia libye libii ливия ливии libya ليبيا",
	"london":      "londres londra londyn londynie лондон лондоне londra لندن",
	"madrid":      "madrycie мадрид мадриде madrid مدريد",
	"mexico":      "mexiko méxico mexique messico meksyk meksyku мексика мексики meksika المكسيك",
	"morocco":     "marokko marruecos maroc marocco maroko maroku марокко fas المغرب",
	"moscow":      "moskau moscú moscou mosca moskwa moskwy moskwie москва москвы москве moskova موسكو",
	"netherlands": "niederlande holandia holandii нидерланды нидерландов hollanda هولندا",
	"norway":      "norwegen noruega norvège norvegia norwegia norwegii норвегия норвегии norveç النرويج",
	"pakistan":    "pakistán pakistanu pakistanie пакистан пакистана pakistan باكستان",
	"palestine":   "palästina palestina palestine palestyna palestyny палестина палестины filistin فلسطين",
	"paris":       "parís parigi paryż paryżu париж париже paris باريس",
	"poland":      "polen polonia pologne polska polski polsce polskę польша польши польшу polonya بولندا",
	"portugal":    "portogallo portugalia portugalii португалия португалии portekiz البرتغال",
	"qatar":       "katar catar katarze катар катара katar قطر",
	"rome":        "rom roma rzym rzymie рим риме roma روما",
	"russia":      "russland russlands rusia russie russia rosja rosji rosję rosją россия россии россию рф rusya روسيا",
	"saudi":       "saudita saoudite saudyjska saudyjskiej саудовская саудовской suudi السعودية",
	"spain":       "spanien españa espagne spagna hiszpania hiszpanii hiszpanię испания испании ispanya i̇spanya إسبانيا",
	"sweden":      "schweden suecia suède svezia szwecja szwecji швеция швеции i̇sveç السويد",
	"switzerland": "schweiz suiza suisse svizzera szwajcaria szwajcarii швейцария швейцарии i̇sviçre سويسرا",
	"syria":       "syrien siria syrie siria syria syrii сирия сирии suriye سوريا سورية",
	"tehran":      "teheran teherán téhéran teheranie тегеран тегерана tahran طهران",
	"tokyo":       "tokio tokio tokyo tokio tokio токио tokyo طوكيو",
	"tunisia":     "tunesien túnez tunisie tunisia tunezja tunezji тунис tunus تونس",
	"turkey":      "türkei turquía turquie turchia turcja turcji турция турции türkiye turkiye تركيا",
	"ukraine":     "ucrania ucraina ukraina ukrainy ukrainie украина украины украине україна ukrayna أوكرانيا",
	"usa":         "eeuu сша abd",
	"venezuela":   "venezueli венесуэла венесуэлы venezuela فنزويلا",
	"vienna":      "wien viena vienne wiedeń wiedniu вена вене viyana فيينا",
	"warsaw":      "warschau varsovia varsovie varsavia warszawa warszawy warszawie варшава варшаве varşova وارسو",
	"washington":  "waszyngton waszyngtonie вашингтон вашингтоне vaşington واشنطن",
	"yemen":       "jemen yémen jemenie йемен йемена yemen اليمن",
	"nato":        "otan нато natowski الناتو",
	"eu":          "ue ес",
	"un":          "onu onz оон",
	"romania":     "rumänien rumania roumanie romania rumunia rumunii румыния румынии romanya رومانيا",
	"serbia":      "serbien serbie serbia serbii сербия сербии sırbistan صربيا",
	"colombia":    "kolumbien colombie kolumbia kolumbii колумбия колумбии kolombiya كولومبيا",
	"nigeria":     "nigéria nigerii нигерия нигерии nijerya نيجيريا",
	"vietnam":     "viêt-nam wietnam wietnamie вьетнам вьетнама vietnam فيتنام",
	"thailand":    "tailandia thaïlande tailandia tajlandia tajlandii таиланд таиланда tayland تايلاند",
	"philippines": "philippinen filipinas filippine filipiny filipinach филиппины filipinler الفلبين",
	"chile":       "chili cile chilijski чили şili تشيلي",
	"czech":       "tschechien chequia tchéquie cechia czechy czech czechach чехия чехии çekya التشيك",
	"georgia":     "georgien géorgie gruzja gruzji грузия грузии gürcistan جورجيا",
	"belarus":     "weißrussland bielorrusia biélorussie bielorussia białoruś białorusi белоруссия беларусь belarus بيلاروسيا",
	"kuwait":      "kuwejt кувейт kuveyt الكويت",
	"emirates":    "emirate emiratos émirats emirati emiraty эмираты emirlikleri الإمارات",
	"hong":        "hongkong hongkongs гонконг гонконга hongkongu هونغ",
	"vatican":     "vatikan vaticano vatican watykan watykanie ватикан vatikan الفاتيكان",
}

// placeIndex maps every folded (and transliterated) foreign form of
// placeForms, each word on its own, to its English key.
var placeIndex = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for en, forms := range placeForms {
		for _, f := range strings.Fields(forms) {
			k := Translit(Fold(f))
			if k == en || len([]rune(k)) < 2 {
				continue
			}
			m[k] = en
		}
	}
	return m
})

// EnglishName returns the English name key of a folded, transliterated
// word that names a common country, capital or region (or one of a few
// world leaders and institutions) in another language, and whether it
// does: "deutschland" → "germany", "rossii" (России) → "russia",
// "الصين" → "china". A Turkish suffix after an apostrophe is dropped
// ("almanya'nın"), and an Arabic word is also tried without a leading
// conjunction or preposition ("وروسيا" → "russia").
func EnglishName(word string) (string, bool) {
	idx := placeIndex()
	if en, ok := idx[word]; ok {
		return en, true
	}
	if i := strings.IndexByte(word, '\''); i > 0 {
		if en, ok := idx[word[:i]]; ok {
			return en, true
		}
	}
	for _, p := range []string{"و", "ب", "ل", "ف"} {
		if rest, ok := strings.CutPrefix(word, p); ok && len(rest) > 2 {
			if en, ok := idx[rest]; ok {
				return en, true
			}
		}
	}
	return "", false
}
