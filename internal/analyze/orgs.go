package analyze

import "strings"

// wellKnownOrgs are organisations the news names by one or two words that
// carry no suffix ("Toyota", "Reuters"): large companies and brands,
// outlets and agencies, international bodies and sports bodies, written
// from general knowledge (lists of the largest companies, the major news
// outlets, the UN system). Each line is one organisation: its name, then
// "|" and other spellings.
const wellKnownOrgs = `
Alphabet
Netflix
Tesla
Nvidia
Intel
IBM
Oracle
Samsung
Sony
Toyota
Honda
Nissan
Volkswagen|VW
BMW
Mercedes-Benz|Mercedes
Ford|Ford Motor
General Motors|GM
Boeing
Airbus
Lockheed Martin
Raytheon
Siemens
Philips
Nokia
Ericsson
Huawei
Alibaba
Tencent
Baidu
ByteDance
TikTok
Uber
Airbnb
PayPal
Visa
Mastercard
Goldman Sachs
JPMorgan|JP Morgan|JPMorgan Chase
Morgan Stanley
Citigroup|Citi
HSBC
Barclays
Deutsche Bank
UBS
Credit Suisse
BlackRock
Berkshire Hathaway
Walmart
Target
Costco
Starbucks
McDonald's
Coca-Cola|Coke
PepsiCo|Pepsi
Nestle|Nestlé
Unilever
Procter & Gamble
Johnson & Johnson
Pfizer
Moderna
AstraZeneca
Novartis
Roche
Bayer
Sanofi
GlaxoSmithKline|GSK
Merck
ExxonMobil|Exxon
Chevron
Shell|Royal Dutch Shell
BP
TotalEnergies|Total
Saudi Aramco|Aramco
Warner Bros|Warner Brothers
Universal
Paramount
Spotify
Adobe
Dell
Cisco
Qualcomm
AMD
Xerox
Kodak
Yahoo
eBay
Wikipedia
Wikimedia Foundation|Wikimedia
Linux Foundation
OpenAI
SpaceX
Blue Origin
Ryanair
Lufthansa
Emirates
Qantas
Air France
Delta
American Airlines
United Airlines
FedEx
UPS
DHL
Ikea
H&M
Zara
Adidas
Nike
Puma
Reebok
Ferrari
Renault
Peugeot
Fiat
Volvo
Hyundai
Kia
LG
Panasonic
Toshiba
Hitachi
Nintendo
Sega
Electronic Arts|EA
Activision
Valve
Marvel
DC Comics
Pixar
Lego
Mattel
Hasbro
Bloomberg
Associated Press
United Press International|UPI
Xinhua
Kyodo
Agence France-Presse
Deutsche Welle|DW
NPR|National Public Radio
PBS
CBS
NBC
MSNBC
CNBC
ITV
Channel 4
RT|Russia Today
Euronews
Le Monde
Le Figaro
Der Spiegel|Spiegel
Die Zeit
El País|El Pais
Corriere della Sera
La Repubblica
The Economist|Economist
Financial Times|FT
The Independent
The Telegraph|Daily Telegraph
The Times
Daily Mail
USA Today
Los Angeles Times|LA Times
Chicago Tribune
Politico
Axios
Vox
BuzzFeed
Newsweek
Time magazine
Forbes
Fortune
Variety
UNESCO
UNICEF
UNHCR
UNDP
UNEP
FAO|Food and Agriculture Organization
IAEA|International Atomic Energy Agency
ICC|International Criminal Court
ICJ|International Court of Justice
OECD
ASEAN
APEC
Mercosur
Commonwealth
UEFA
IOC|International Olympic Committee
NBA
NFL
MLB
NHL
NCAA
ATP
WTA
Formula One|F1
Greenpeace
Oxfam
Médecins Sans Frontières|Doctors Without Borders|MSF
WWF|World Wildlife Fund
Salvation Army
Scotland Yard
Metropolitan Police|Met Police
MI5
MI6
Mossad
Interpol
Europol
DEA
ATF
FEMA
CDC|Centers for Disease Control and Prevention
FDA|Food and Drug Administration
FCC
SEC|Securities and Exchange Commission
IRS
NOAA
ESA|European Space Agency
Roscosmos
JAXA
Harvard|Harvard University
Yale|Yale University
Stanford|Stanford University
Princeton|Princeton University
MIT
Oxford University|University of Oxford
Cambridge University|University of Cambridge
Sorbonne
Vatican Bank
Hezbollah
Boko Haram
al-Shabaab|Al-Shabaab
PKK
IRA
ETA
Muslim Brotherhood
Wagner Group|Wagner
`

// orgList is the gazetteer form of wellKnownOrgs.
func orgList() [][]string {
	var out [][]string
	for _, line := range strings.Split(strings.TrimSpace(wellKnownOrgs), "\n") {
		out = append(out, strings.Split(line, "|"))
	}
	return out
}
