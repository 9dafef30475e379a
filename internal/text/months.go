package text

import (
	"strings"
	"sync"
	"time"
)

// monthForms lists each month's name in the languages the news is read in
// here besides English: German, French, Spanish, Italian, Portuguese,
// Dutch, Swedish, Polish, Russian, Ukrainian, Turkish and Arabic, with the
// genitive that Polish, Russian and Ukrainian write after a day number
// ("28 stycznia", "28 января"); written from general knowledge. English
// names are read by the callers' own rules, which know its abbreviations.
var monthForms = [12]string{
	"januar jänner janvier enero gennaio janeiro januari styczeń stycznia январь января січень січня ocak يناير جانفي",
	"februar feber février febrero febbraio fevereiro februari luty lutego февраль февраля лютий лютого şubat فبراير فيفري",
	"märz mars marzo março maart mars marzec marca март марта березень березня mart مارس",
	"april avril abril aprile abril april kwiecień kwietnia апрель апреля квітень квітня nisan أبريل ابريل أفريل",
	"mai mai mayo maggio maio mei maj maja май мая травень травня mayıs مايو ماي",
	"juni juin junio giugno junho juni czerwiec czerwca июнь июня червень червня haziran يونيو جوان",
	"juli juillet julio luglio julho juli lipiec lipca июль июля липень липня temmuz يوليو جويلية",
	"august août agosto agosto agosto augustus augusti sierpień sierpnia август августа серпень серпня ağustos أغسطس أوت",
	"september septembre septiembre setiembre settembre setembro september wrzesień września сентябрь сентября вересень вересня eylül سبتمبر",
	"oktober octobre octubre ottobre outubro oktober październik października октябрь октября жовтень жовтня ekim أكتوبر",
	"november novembre noviembre novembre novembro november listopad listopada ноябрь ноября листопад листопада kasım نوفمبر",
	"dezember décembre diciembre dicembre dezembro december grudzień grudnia декабрь декабря грудень грудня aralık ديسمبر",
}

// monthIndex maps every folded form of monthForms to its month.
var monthIndex = sync.OnceValue(func() map[string]time.Month {
	m := map[string]time.Month{}
	for i, forms := range monthForms {
		for _, f := range strings.Fields(forms) {
			m[Fold(f)] = time.Month(i + 1)
		}
	}
	return m
})

// Month returns the month a word names in one of the languages of
// monthForms ("Januar", "janvier", "stycznia", "января", "Ocak"), read
// folded; English names are not in the table.
func Month(word string) (time.Month, bool) {
	m, ok := monthIndex()[Fold(word)]
	return m, ok
}
