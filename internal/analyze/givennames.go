package analyze

import "strings"

// moreGivenNames widens givenNames with common first names of many
// countries (English-speaking, Romance, Germanic, Slavic, Nordic, Arabic
// and Persian, Turkish, South Asian, African, East Asian in the forms news
// writes), from general knowledge. Names that are also everyday English
// words or well-known places ("Will", "Hope", "Paris", "Jordan") are left
// out: a capitalised pair starting with one is no safe person.
const moreGivenNames = `
aaliyah abbas abdul abdulaziz abdullahi abdulrahman abe abel abigail abraham abu adnan adolfo adrian
adriana adrien agnes agnieszka agustin ahmad ahmet aidan aisha akhil akira akshay alain alberto albin
aleksander alessandra alessandro alexa alexandra alexandre alexandru alfonso alfred alfredo ali alicia
alina alison alistair allan allison alma alonso alvaro amal amanda amelia amir amit amos ana anastasia
anders andre andrea andreas andrew andy angela angelica angelo angus anil anita anja anke ann
anna anne anneliese annette annie ansel anton antoine antonella antonia antonin antonio anwar aparna
archibald ariana ariel arjun arlene armando arnaud arnold arturo arun arvid asha ashok ashraf aslan
astrid ata athanasios audrey augusto aurelien axel ayesha ayman aziz
bao barbara barney barry bartosz basil beatrice beatriz becky belinda ben benedict benedetta benito
benoit bernard bernardo bernd bert bertrand beth bethany betsy bettina bhavna bianca bjorn blake bob
bonnie boyd brad bradley brandon brenda brendan brett bridget britney brooke bruce bruno bryce burak
caitlin caleb calvin camila camille candace cara carla carlo carlos carmen carole caroline carolyn
carrie casey cassidy catalina caterina cecilia cedric celine cem cesar chandra chang chantal
charlie charlotte chelsea chen cheng chiara chloe christoph christophe christopher chuck cindy claire
clara clarence claudia claudio clemens clement clifford clint clive colin connor conor constantin
cora corey cornelius craig cristian cristiano curtis cynthia
dagmar dai daisuke dale damian damien dana daniela daniele danielle danny dario darius darren darryl
daryl dave davide dawit dean deborah declan deepak deirdre delia demetrius denis denise derek desmond
devin dewi dhruv diane diego dieter dietrich dimitri dimitris dinesh dirk dmitriy dolores dominic
dominik dominique don donald donato donna doug douglas duane duncan dustin dwayne dwight
 ed eddie edgar edith edmund eduard eduardo edward edwin efrain egon eileen elaine elena eleanor
eli elias elif elisa elisabeth eliza ella ellen elliot elliott eloise elsa emanuel emil emilia emilio
emine emma emre enrico enrique enver erdem erich erik erika erin ernest ernesto ernst esra esteban
esther ethan etienne eugenia eva evan evangelos evelyn ezra
fabian fabio fahad faisal farah farid farouk farrukh fatima fatma federico felipe felix ferdinand
fernanda fernando filip filippo fiona florian francesca francesco francisco franco frank franz
fred freddie frederick frederik fritz fyodor
gabriela gabriele gabrielle gareth garrett gaston gavin geoffrey georg georgios gerard gerardo
gerhard gert giacomo gianluca gianni gilbert gilles gina giorgio giovanni giulia giuseppe glen glenn
gloria gordon graham gregor gregorio greta guillaume guillermo gunter gustav 
habib hadi hailey hakan hamid hamza hana hannah hans harald harriet harrison harvey hassan heidi
heinz helena helga helmut hendrik henri henrik herbert heriberto herman hernan hiroshi hoang
holger horst howard hubert hugh humberto hussein
iain ian ibrahim ignacio igor ilya imran ines ingrid ioannis irene irina isaac isabel isabelle
ismail ivan ivana
jack jackie jacqueline jacques jaime jakob jamal jamie jana jane janet janine jared jarosław
jaroslav jasmine jasper javier jay jayden jean jeanne jeannette jeffrey jenna jennifer jenny jens
jeremiah jeremy jerome jesper jesus jill jimmy jo joachim joan joanna joao jocelyn jodie joe joel
johan johann johanna johannes johnnie johnny jolanta jonathan jorge jorgen josef josefina joseph
josh joshua josiah juan juana judith jules julia julian juliana julien juliet julio jun jurgen
justine
kai kaitlyn kamal kamil karan kareem karim karin karina karl karla karol kasper katarzyna kate
katharina katie katrin katya kay keiko kelvin ken kenji kenneth kenny kerry khaled khalid
kieran kirk kirsten klaus konstantin krishna kristen kristian kristina krzysztof kurt kwame
lamar lana lance lara larissa lars laszlo laurent laurie leah leandro lee leila lena lennart leon
leonard leonardo leonid leopold leroy leslie lewis liam lina lionel lorenzo lorraine louise lucas
lucia luciano lucy ludwig luigi luis luisa lukas luke luther lydia lynn
madeleine magnus mahmood mahmud maja malik manfred manuel manuela marc marcel marcela marcelo marcia
marcin marcos marcus margaret margarita margot maria mariam mariana marianne marina mario marion
marisa marius marjorie markus marlene marta martin martina marvin maryam massimo mateo mathias
mathieu matilda matteo matthias maureen maurice mauricio mauro maxim maxime maximilian maya mehmet
melanie melinda mia michael michaela michal michel michele miguel mikael mikhail milos mira
miriam mitchell mohamed mohammad mohammed monica monika moses muhammad murat mustafa
nadia nadine nancy naomi naoki nasser natalia natasha nathalie neil nelson nicola nicolai nicole
niels nigel nikita nikolaos nikolas nils nina noel nora norbert norman
octavio olaf olga oliver olivier omar orlando oscar osman otto owen
pablo pamela paola paolo pascal patricia patrick paula pauline pedro penelope petra philippe
phillip pierre pietro piotr pradeep prakash priya
rachel radek rafael rafal raffaele rahul raj rajesh ralf ramon randall randolph rania raphael
rashid raul rebecca reginald reinhard rene renee reza ricardo riccardo rita roberta roberto robin
rodrigo roland rolf romain roman ronald rosa rosalind rosario ross rudolf rui rupert ryan
sabine sabrina sadiq salim salma salvatore samir samuel sandeep sanjay sara sasha
saul sebastian sebastien serena sergio seth shane shannon sharon shaun shawn sheila shelby
sherry shimon shlomo sigrid silvia simon simona simone sofia sonia sophie stanislav stanley stefan
stefano stella sten stuart suleiman sunil suresh susanne sven sylvia
takashi tamara tanya tariq tatiana ted teodor terence thabo theo theodore thierry thomas thorsten
tiffany tiziano tobias todd tomas tomasz toni tracy travis trevor troy
ulrich ulrike umar uwe
valentin valentina valeria valerie valeska vanessa vasily vera veronica veronika vicente victor
vijay viktoria vincent vincenzo virginie vivian vladislav
waleed walid wang werner wilhelm wolfgang
xavier
yannick yasmin yasser yevgeny yoshiro youssef yusuf yves
zainab zaid zhang zoe zoltan
`

// withWords adds the space-separated words of list to set and returns it.
func withWords(set map[string]bool, list string) map[string]bool {
	for _, w := range strings.Fields(list) {
		set[w] = true
	}
	return set
}
