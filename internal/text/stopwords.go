package text

import (
	"sort"
	"strings"
	"sync"
)

// stopLists holds the function words of each language, space-separated.
// They serve two jobs: dropping words that carry no topic, and telling
// languages apart (function words are the most reliable short-text cue).
// IDF alone does not drop them from a store of many languages: the
// commonest words of a language that a twentieth of the articles are
// written in have a document frequency of a twentieth, like a topic's
// words, so the lists of such languages need the pronouns, auxiliaries,
// conjunctions and prepositions that fill a short text, or two short
// reports in one language meet on them.
var stopLists = map[string]string{
	"en": `a about above after again against all almost also although am among an and another any are
aren't around as at be because been before being below between both but by can can't cannot could
couldn't did didn't do does doesn't doing don't down during each either else even ever every few for
from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just
let's least less like made make many may me might more most much must mustn't my myself neither no
nor not now of off often on once one only or other others ought our ours ourselves out over own
per perhaps rather said same says shall shan't she she'd she'll she's should shouldn't since so some
still such than that that's the their theirs them themselves then there there's these they they'd
they'll they're they've this those though through thus to too toward towards under until up upon us
very via was wasn't we we'd we'll we're we've were weren't what what's whatever when when's where
where's whether which while who who's whom whose why why's will with within without won't would
wouldn't yet you you'd you'll you're you've your yours yourself yourselves also told say according
s t mr mrs ms`,
	"fr": `au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes
moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
vos votre vous c d j l m n s t y été être avoir est sont était a ont cette celui comme plus aussi
alors après avant bien car cela ceci celle celles ceux chez contre depuis donc dont encore entre
fait faire leurs lors moins où peu peut quand quelque sans selon si sous tout tous toute toutes très vers
déjà ainsi avait avaient sera seront étaient non ni puis cet dit aussi`,
	"de": `aber alle als also am an auch auf aus bei bin bis bist da damit dann das dass dem den der des die
dies doch dort du durch ein eine einem einen einer eines er es für hat hatte ich ihr im in ist ja
jede kann kein man mein mit nach nicht noch nun nur ob oder ohne sich sie sind so über um und uns
unter vom von vor war waren was weil wenn wer wie wir wird wo zu zum zur werden wurde sagte
ab allem allen aller alles andere anderen bereits beim bisher dabei dafür dagegen daher danach daran
darauf darüber davon dazu denen denn deren dessen diese diesem diesen dieser dieses ebenfalls einige
einmal etwa etwas gegen gibt habe haben hatten hier ihm ihn ihnen ihre ihrem ihren ihrer immer jedoch
jetzt können könnte keine mehr mich mir muss müssen nichts schon sehr sein seine seinem seinen seiner
seit selbst soll sollen sollte sowie während wäre weiter welche welcher wieder will wollen worden
würde würden zwar zwischen laut`,
	"es": `a al algo como con de del donde el ella ellos en entre era es esa ese esta este fue ha hay la las le
les lo los más me mi muy ni no nos o para pero por que quien se ser si sin sobre su sus también te
tiene todo un una uno y ya dijo según
ante antes aquí así aún cada casi cual cuando desde después durante e ellas esas eso esos estas esto
estos estaba estar está están fueron había hace hacer han hasta mismo mientras mucho muchos nada
nosotros nuestro nuestra otra otras otro otros poco porque pues sea será sido siempre sino son tal tan
tanto tener tienen toda todas todos tras tu unas unos usted yo además`,
	"it": `a al alla alle anche che chi ci come con da dal dalla degli dei del della delle di e è gli ha i il in
la le lo ma mi ne nei nel nella non o per più quello questo se si sono su sua suo tra un una uno`,
	"pt": `a ao aos as com como da das de do dos e é ela ele eles em entre era essa esse esta este foi há isso
já mais mas me muito na nas não no nos o os ou para pela pelo por que se sem ser seu sua também um uma`,
	"nl": `aan al als bij dan dat de die dit door een en er had heb heeft het hij hoe ik in is je kan maar me
met mij na naar niet nog nu of om onder ons ook op over te tot uit van veel voor was wat we wel werd
wie wij zal ze zich zij zijn zo`,
	"ru": `а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его
ее если есть еще же за и из или им их к как ко когда кто ли либо мне может мы на над не него нее нет
ни них но ну о об однако он она они оно от по под при с со так также такой там те тем то того тоже
той только том ты у уже хотя чего чей чем что чтобы эта эти это этого этой этом я заявил сообщил`,
	"uk": `а але без би був була були було бути в вам вас весь від віт все всі для до його її з за и із як їх
який коли ми на не нема ні но про та так також те ти то того тому у це цей ці цього через що щоб я
є і та ваш відгук`,
	"sv": `att av de den det din du en er ett för har hon i inte jag kan man med men mig min och om på sig
som så till var vi vid är`,
	"pl": `a aby ale bez by być czy do dla go i ich jak jako jest jego jej już ma mnie na nie nim o od oraz po
przez się są ta tak także te to tu tylko w we z za że
był była było byli będzie będą może można który która które którego której których którym
tym tego tej ten tych jednak gdy gdzie kiedy więc bo lub albo ani też jeszcze bardzo przy pod nad
przed między u ze co kto nic nas nam im mu jeśli niż tam teraz wszystko każdy został została zostało
zostały według ponad także`,
	"ar": `في من على إلى الى عن أن إن ان التي الذي الذين هذا هذه ذلك تلك مع كان كانت قد لا ما لم لن و أو ثم
حتى بعد قبل عند بين كل هو هي هم نحن أنا كما أيضا قال وقال وفي ومن وعلى فى منذ خلال حيث وهو وهي غير لدى لكن
بل إذا ضمن عبر أي اليوم والتي الذى وذلك فيما بها به له لها منها فيها عليه عليها أنه انه إنه بأن وأن وقد لقد`,
	"tr": `ve bir bu da de için ile ne o olarak çok daha gibi ama en ya mi ki şu
ise veya ancak fakat çünkü her hiç kadar sonra önce üzere göre karşı diye değil var yok olan olduğu
olduğunu oldu bunu buna bunun ben sen biz siz onlar onun ona onu kendi tüm bütün nasıl neden hem yani
eğer bile sadece artık yine şimdi dedi etti eden ayrıca aynı böyle diğer başka bazı birçok mı mu mü`,
}

// stopLangs numbers the languages of stopLists for stopMasks.
var stopLangs = sync.OnceValue(func() map[string]uint32 {
	langs := make([]string, 0, len(stopLists))
	for lang := range stopLists {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	m := make(map[string]uint32, len(langs))
	for i, lang := range langs {
		m[lang] = 1 << i
	}
	return m
})

// stopMasks maps every function word to the set of languages (bits of
// stopLangs) it belongs to: one look-up per word answers for all of them.
var stopMasks = sync.OnceValue(func() map[string]uint32 {
	bits := stopLangs()
	m := make(map[string]uint32)
	for lang, list := range stopLists {
		for _, w := range strings.Fields(list) {
			m[Fold(w)] |= bits[lang] // tokens are folded: für → fur
		}
	}
	return m
})

// IsStopword reports whether a folded word is a function word of the
// language. Languages without a list fall back to English, whose words
// appear in quotes and names everywhere.
func IsStopword(lang, norm string) bool {
	mask := stopMasks()[norm]
	if mask == 0 {
		return false
	}
	bits := stopLangs()
	bit, ok := bits[lang]
	if !ok {
		bit = bits["en"]
	}
	return mask&bit != 0
}
