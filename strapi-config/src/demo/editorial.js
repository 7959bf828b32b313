'use strict';

/**
 * Demo editorial content, English and Swahili (STRAPI_SEED_DEMO=true on an empty
 * database). The figures follow docs/LANDED_COST.md (the sidecar's calculator).
 * Each item: `en` and `sw` versions of the translated fields, plus shared fields.
 */

const ARTICLES = [
  {
    key: 'import-from-japan',
    cover: 'port',
    tags: 'import guide, japan, kra duty',
    makes: ['Toyota'],
    models: ['Fielder', 'Harrier'],
    en: {
      title: 'Importing a car from Japan to Kenya: the steps and what they cost',
      excerpt:
        'From the auction in Japan to number plates in Nairobi: the six steps, how long each takes, and where the money goes.',
      body: `Most used cars on Kenyan roads came from Japan, and for good reason: right-hand drive, well kept, and priced by auction. Here is what happens between choosing a car and driving it home.

## 1. Choose a car the rules allow

KEBS only lets in cars **less than eight years** from their year of first registration. A car first registered in 2019 can land in 2026 but not in 2027, so check the date before you pay.

## 2. Buy at auction or from a dealer

Your importer bids for you at an auction in Japan. The auction sheet grades the car (4 and above is good) and notes scratches and repairs; ask to see it.

## 3. Inspection and shipping

Before shipping, the car is inspected in Japan (roadworthiness and radiation). The sea passage to Mombasa takes about four weeks.

## 4. KRA taxes

KRA values the car by its Current Retail Selling Price list, then charges:

- import duty: 35% of the customs value;
- excise duty: 20% up to 1500 cc, 25% up to 2500 cc (3000 cc for petrol), 35% above;
- VAT: 16%;
- import declaration fee 2.5% and railway levy 2%.

For a 1500 cc car with an FOB price of KES 1,000,000, taxes and charges come to about KES 1.36 million on top of the car.

## 5. Clearing at Mombasa

Your clearing agent files the entry, pays the port and the taxes, and releases the car, usually in five to seven working days.

## 6. Registration

NTSA registers the car and issues the number plates and the logbook in your name.

Use our **import estimate** to see every line for the car you want before you commit.`,
      seo: {
        metaTitle: 'Import a car from Japan to Kenya: steps and costs',
        metaDescription:
          'The six steps from a Japanese auction to NTSA registration, the 8-year rule and how KRA duty, excise and VAT add up.',
      },
    },
    sw: {
      title: 'Kuagiza gari kutoka Japani hadi Kenya: hatua na gharama zake',
      excerpt:
        'Kutoka mnada wa Japani hadi nambari za usajili Nairobi: hatua sita, muda wa kila moja, na pesa zinakokwenda.',
      body: `Magari mengi yaliyotumika barabarani Kenya yalitoka Japani, na kwa sababu nzuri: usukani upande wa kulia, yametunzwa vizuri, na bei zake hupangwa kwa mnada. Hiki ndicho kinachotokea kati ya kuchagua gari na kulifikisha nyumbani.

## 1. Chagua gari linaloruhusiwa

KEBS huruhusu tu magari yenye **umri chini ya miaka minane** tangu mwaka wa usajili wa kwanza. Gari lililosajiliwa kwanza mwaka 2019 linaweza kufika 2026 lakini si 2027, kwa hiyo hakikisha tarehe kabla ya kulipa.

## 2. Nunua mnadani au kwa muuzaji

Mwagizaji wako hukunadia katika mnada wa Japani. Karatasi ya mnada hupima hali ya gari (alama 4 na zaidi ni nzuri) na kuonyesha mikwaruzo na marekebisho; omba kuiona.

## 3. Ukaguzi na usafirishaji

Kabla ya kusafirishwa, gari hukaguliwa Japani (ubora wa barabarani na mionzi). Safari ya baharini hadi Mombasa huchukua takriban wiki nne.

## 4. Kodi za KRA

KRA hukadiria thamani ya gari kwa orodha yake ya bei za rejareja (CRSP), kisha hutoza:

- ushuru wa forodha: 35% ya thamani ya forodha;
- ushuru wa bidhaa (excise): 20% hadi cc 1500, 25% hadi cc 2500 (cc 3000 kwa petroli), 35% zaidi ya hapo;
- VAT: 16%;
- ada ya tamko la uagizaji 2.5% na ushuru wa reli 2%.

Kwa gari la cc 1500 lenye bei ya FOB ya KES 1,000,000, kodi na ada hufikia takriban KES milioni 1.36 juu ya bei ya gari.

## 5. Kusafisha bandarini Mombasa

Wakala wako wa kusafisha huwasilisha nyaraka, hulipa bandari na kodi, na kuliachilia gari, kwa kawaida ndani ya siku tano hadi saba za kazi.

## 6. Usajili

NTSA husajili gari na kutoa nambari za usajili na kitabu cha gari (logbook) kwa jina lako.

Tumia **makadirio yetu ya uagizaji** kuona kila gharama ya gari unalotaka kabla ya kuamua.`,
      seo: {
        metaTitle: 'Kuagiza gari kutoka Japani: hatua na gharama',
        metaDescription:
          'Hatua sita kutoka mnada wa Japani hadi usajili wa NTSA, sheria ya miaka minane, na jinsi ushuru wa KRA unavyojumlishwa.',
      },
    },
  },
  {
    key: 'eight-year-rule',
    cover: 'calendar',
    tags: 'import guide, kebs, age limit',
    makes: [],
    models: [],
    en: {
      title: 'The eight-year rule: which cars you can import in 2026',
      excerpt:
        'A car must be under eight years from first registration when it lands. How to read the date, and what happens if it is late.',
      body: `Kenya's standard for used cars (KS 1515) counts a car's age from **its year of first registration**, not its model year, and the car must be under eight years old when it arrives at Mombasa.

## Reading the date

The export certificate from Japan shows the date of first registration. A car sold as a "2019 model" but first registered in March 2018 is counted from 2018.

## Shipping takes time

Count four to six weeks from purchase to arrival. A car that turns eight on the way is refused at the port, and the importer pays to ship it back or loses it. Leave a margin of at least two months.

## What this means in 2026

Cars first registered in 2019 or later are safe for most of 2026. For 2018 cars, check the month of registration against the expected arrival date.`,
      seo: {
        metaTitle: 'The 8-year rule for importing cars to Kenya (2026)',
        metaDescription:
          'KEBS counts age from first registration. Which years you can still import in 2026 and how to avoid a refused car.',
      },
    },
    sw: {
      title: 'Sheria ya miaka minane: magari unayoweza kuagiza mwaka 2026',
      excerpt:
        'Gari lazima liwe na umri chini ya miaka minane tangu usajili wa kwanza linapowasili. Jinsi ya kusoma tarehe, na kinachotokea likichelewa.',
      body: `Kiwango cha Kenya cha magari yaliyotumika (KS 1515) huhesabu umri wa gari tangu **mwaka wake wa usajili wa kwanza**, si mwaka wa modeli, na gari lazima liwe na umri chini ya miaka minane linapowasili Mombasa.

## Kusoma tarehe

Cheti cha usafirishaji kutoka Japani huonyesha tarehe ya usajili wa kwanza. Gari linalouzwa kama "modeli ya 2019" lakini lililosajiliwa kwanza Machi 2018 huhesabiwa kuanzia 2018.

## Usafirishaji huchukua muda

Hesabu wiki nne hadi sita tangu ununuzi hadi kuwasili. Gari linalotimiza miaka minane njiani hukataliwa bandarini, na mwagizaji hulipa kulirudisha au hulipoteza. Acha nafasi ya angalau miezi miwili.

## Maana yake mwaka 2026

Magari yaliyosajiliwa kwanza mwaka 2019 au baadaye yako salama kwa sehemu kubwa ya 2026. Kwa magari ya 2018, linganisha mwezi wa usajili na tarehe inayotarajiwa ya kuwasili.`,
      seo: {
        metaTitle: 'Sheria ya miaka 8 ya kuagiza magari Kenya (2026)',
        metaDescription:
          'KEBS huhesabu umri tangu usajili wa kwanza. Miaka ipi bado unaweza kuagiza 2026 na jinsi ya kuepuka gari kukataliwa.',
      },
    },
  },
  {
    key: 'fielder-checklist',
    cover: 'wagon',
    tags: 'buying tips, toyota, fielder',
    makes: ['Toyota'],
    models: ['Fielder'],
    en: {
      title: 'Buying a used Toyota Fielder: what to check before you pay',
      excerpt: 'The Fielder is Kenya’s favourite family wagon. Ten minutes of checks that save a lot of money.',
      body: `The Toyota Fielder carries families, school runs and small businesses across the country, so there are plenty for sale, and plenty of tired ones.

## Under the bonnet

- **Hybrid models**: ask for the hybrid battery health report. A replacement costs well over KES 100,000.
- **Oil**: clean and at the mark. Milky oil can mean a head gasket problem.
- **CVT gearbox**: on the test drive it should pull smoothly, without a whine or a jerk from a stop.

## Body and suspension

- Look under the car for rust and for scraped sills from rough roads.
- Push each corner down: it should bounce once. More means worn shock absorbers (about KES 14,500 a pair).

## Papers

- The logbook name must match the seller's ID; search it on eCitizen (NTSA) for a few shillings.
- A locally used car should have service records; a fresh import has its auction sheet.

A fair price for a 2015-2017 Fielder in good condition is KES 1.1 to 1.7 million, depending on mileage and whether it is a hybrid.`,
      seo: {
        metaTitle: 'Used Toyota Fielder checklist: buy with confidence',
        metaDescription:
          'Hybrid battery, CVT, rust, shock absorbers and NTSA logbook checks for a used Toyota Fielder in Kenya, with fair prices.',
      },
    },
    sw: {
      title: 'Kununua Toyota Fielder iliyotumika: cha kukagua kabla ya kulipa',
      excerpt: 'Fielder ni gari la familia linalopendwa zaidi Kenya. Dakika kumi za ukaguzi zinazookoa pesa nyingi.',
      body: `Toyota Fielder hubeba familia, watoto wa shule na biashara ndogo kote nchini, kwa hiyo kuna mengi yanayouzwa, na mengi yaliyochoka.

## Chini ya boneti

- **Modeli za hybrid**: omba ripoti ya afya ya betri ya hybrid. Kuibadilisha hugharimu zaidi ya KES 100,000.
- **Mafuta**: safi na kwenye alama. Mafuta yenye rangi ya maziwa yanaweza kumaanisha tatizo la gasket ya kichwa.
- **Gia ya CVT**: katika majaribio ya barabarani inapaswa kuvuta kwa ulaini, bila mlio wala mshtuko inapoanza.

## Bodi na springi

- Angalia chini ya gari kama kuna kutu na sehemu zilizokwaruzwa na barabara mbaya.
- Sukuma kila kona chini: inapaswa kurudi mara moja. Zaidi ya hapo ni shock absorbers zilizochakaa (takriban KES 14,500 jozi).

## Nyaraka

- Jina kwenye logbook lazima lilingane na kitambulisho cha muuzaji; litafute eCitizen (NTSA) kwa shilingi chache.
- Gari lililotumika nchini linapaswa kuwa na rekodi za huduma; gari jipya kutoka nje lina karatasi yake ya mnada.

Bei ya haki ya Fielder ya 2015-2017 iliyo katika hali nzuri ni KES milioni 1.1 hadi 1.7, kutegemea kilomita na kama ni hybrid.`,
      seo: {
        metaTitle: 'Ukaguzi wa Toyota Fielder iliyotumika',
        metaDescription:
          'Betri ya hybrid, CVT, kutu, shock absorbers na logbook ya NTSA: ukaguzi wa Toyota Fielder iliyotumika Kenya, na bei za haki.',
      },
    },
  },
  {
    key: 'deposit-safety',
    cover: 'keys',
    tags: 'buying tips, ntsa, logbook, safety',
    makes: [],
    models: [],
    en: {
      title: 'Before you pay a deposit: five checks that stop car fraud',
      excerpt: 'Most car scams in Kenya ask for a deposit before a viewing. Here is how to stay safe.',
      body: `A car that is too cheap, a seller who is "upcountry" and a deposit "to hold it": this is how most car fraud starts.

1. **See the car and the seller.** Meet in daylight, at the seller's home or a busy place. No viewing, no deposit.
2. **Search the logbook.** On eCitizen, an NTSA search shows the registered owner and whether the car is under a loan (a caveat).
3. **Match the chassis number** on the car with the logbook and the search.
4. **Pay the business, not a person.** On Gurumisha, a reservation deposit goes through M-Pesa or card to us, and we release it to the seller after the transfer.
5. **Sign a sale agreement** with the price, the car's details and both ID numbers, and do the NTSA transfer together.

If something feels wrong, walk away. There will be another car.`,
      seo: {
        metaTitle: 'Avoid car fraud in Kenya: 5 checks before a deposit',
        metaDescription:
          'See the car, search the logbook on NTSA, match the chassis number, pay safely and sign a sale agreement.',
      },
    },
    sw: {
      title: 'Kabla ya kulipa amana: ukaguzi tano unaozuia ulaghai wa magari',
      excerpt: 'Ulaghai mwingi wa magari Kenya huomba amana kabla ya kuliona gari. Hivi ndivyo utakavyokuwa salama.',
      body: `Gari la bei nafuu kupita kiasi, muuzaji aliye "mashambani" na amana "ya kulishikilia": hivi ndivyo ulaghai mwingi wa magari unavyoanza.

1. **Liona gari na muuzaji.** Kutaneni mchana, nyumbani kwa muuzaji au mahali penye watu wengi. Bila kuliona gari, hakuna amana.
2. **Tafuta logbook.** Kwenye eCitizen, utafutaji wa NTSA huonyesha mmiliki aliyesajiliwa na kama gari liko chini ya mkopo (caveat).
3. **Linganisha nambari ya chasisi** kwenye gari na logbook na matokeo ya utafutaji.
4. **Lipa biashara, si mtu binafsi.** Kwenye Gurumisha, amana ya kuhifadhi gari hupitia M-Pesa au kadi kwetu, nasi humpa muuzaji baada ya uhamisho.
5. **Tieni sahihi mkataba wa mauzo** wenye bei, maelezo ya gari na nambari za vitambulisho vya wote wawili, na fanyeni uhamisho wa NTSA pamoja.

Ukihisi kuna tatizo, ondoka. Kutakuwa na gari lingine.`,
      seo: {
        metaTitle: 'Epuka ulaghai wa magari: ukaguzi 5 kabla ya amana',
        metaDescription:
          'Liona gari, tafuta logbook NTSA, linganisha nambari ya chasisi, lipa kwa usalama na tia sahihi mkataba wa mauzo.',
      },
    },
  },
  {
    key: 'xtrail-or-forester',
    cover: 'road',
    tags: 'buying tips, suv, comparison',
    makes: ['Nissan', 'Subaru'],
    models: ['X-Trail', 'Forester'],
    en: {
      title: 'Nissan X-Trail or Subaru Forester for Kenyan roads?',
      excerpt: 'Two popular family SUVs compared on fuel, ground clearance, parts and resale value.',
      body: `Both seat five, both have four-wheel drive options, and both sell for KES 2 to 3.5 million as 2015-2018 imports. The differences show up after a year of ownership.

| | Nissan X-Trail (T32) | Subaru Forester (SJ) |
|---|---|---|
| Engine | 2.0 or 2.5 petrol, CVT | 2.0 petrol boxer, CVT |
| Ground clearance | 210 mm | 220 mm |
| Fuel, mixed driving | about 11 km/l | about 10 km/l |
| Parts | widely available, Nissan dealers countrywide | available in Nairobi and Mombasa, fewer specialists upcountry |

**Choose the X-Trail** for a third-row option, cheaper parts and easy resale.
**Choose the Forester** for rough murram roads and a symmetrical all-wheel drive that grips in the rain.

Whatever you choose, check the CVT fluid history: both gearboxes last long when the fluid is changed every 40,000 km.`,
      seo: {
        metaTitle: 'Nissan X-Trail vs Subaru Forester in Kenya',
        metaDescription:
          'Fuel use, ground clearance, parts and resale of the X-Trail and the Forester compared for Kenyan roads.',
      },
    },
    sw: {
      title: 'Nissan X-Trail au Subaru Forester kwa barabara za Kenya?',
      excerpt: 'SUV mbili za familia zinazopendwa zikilinganishwa kwa mafuta, urefu kutoka ardhini, vipuri na bei ya kuuza tena.',
      body: `Zote mbili hubeba watu watano, zote zina chaguo la magurudumu manne, na zote huuzwa kwa KES milioni 2 hadi 3.5 kama magari ya 2015-2018 kutoka nje. Tofauti huonekana baada ya mwaka mmoja wa umiliki.

| | Nissan X-Trail (T32) | Subaru Forester (SJ) |
|---|---|---|
| Injini | petroli 2.0 au 2.5, CVT | petroli boxer 2.0, CVT |
| Urefu kutoka ardhini | mm 210 | mm 220 |
| Mafuta, uendeshaji mchanganyiko | takriban km 11 kwa lita | takriban km 10 kwa lita |
| Vipuri | vinapatikana kwa urahisi, wauzaji wa Nissan nchi nzima | vinapatikana Nairobi na Mombasa, mafundi wachache mashambani |

**Chagua X-Trail** kwa chaguo la safu ya tatu ya viti, vipuri nafuu na urahisi wa kuuza tena.
**Chagua Forester** kwa barabara mbaya za murram na magurudumu yote yanayoshika barabara wakati wa mvua.

Vyovyote utakavyochagua, kagua historia ya mafuta ya CVT: gia zote mbili hudumu muda mrefu mafuta yakibadilishwa kila km 40,000.`,
      seo: {
        metaTitle: 'Nissan X-Trail dhidi ya Subaru Forester Kenya',
        metaDescription:
          'Matumizi ya mafuta, urefu kutoka ardhini, vipuri na bei ya kuuza tena ya X-Trail na Forester kwa barabara za Kenya.',
      },
    },
  },
];

const PAGES = [
  {
    key: 'about',
    en: {
      title: 'About Gurumisha Motors',
      slug: 'about',
      body: `Gurumisha Motors is a Kenyan car marketplace. We help people buy and sell cars, import cars from Japan, the UK and the UAE with an honest landed-cost estimate, and find spare parts from vendors we have checked.

We started in Nairobi because buying a car here takes too much trust in strangers. Every listing is reviewed before it goes live, every vendor is approved by our team, and every import is tracked from the auction to your gate, with WhatsApp updates at each step.

**Visit us**: Mombasa Road, Nairobi · Monday to Saturday, 8am to 6pm.
**Call or WhatsApp**: 0700 000 000.`,
      seo: {
        metaTitle: 'About Gurumisha Motors: buy, sell and import cars in Kenya',
        metaDescription:
          'A Kenyan car marketplace: reviewed listings, approved parts vendors and tracked imports from Japan, the UK and the UAE.',
      },
    },
    sw: {
      title: 'Kuhusu Gurumisha Motors',
      slug: 'kuhusu',
      body: `Gurumisha Motors ni soko la magari la Kenya. Tunawasaidia watu kununua na kuuza magari, kuagiza magari kutoka Japani, Uingereza na Falme za Kiarabu kwa makadirio ya kweli ya gharama hadi kufika, na kupata vipuri kutoka kwa wauzaji tuliowakagua.

Tulianzia Nairobi kwa sababu kununua gari hapa kunahitaji kuwaamini sana watu usiowajua. Kila tangazo hukaguliwa kabla ya kuonekana, kila muuzaji wa vipuri huidhinishwa na timu yetu, na kila gari linaloagizwa hufuatiliwa kutoka mnadani hadi langoni kwako, kwa ujumbe wa WhatsApp katika kila hatua.

**Tutembelee**: Barabara ya Mombasa, Nairobi · Jumatatu hadi Jumamosi, saa mbili asubuhi hadi saa kumi na mbili jioni.
**Piga simu au WhatsApp**: 0700 000 000.`,
      seo: {
        metaTitle: 'Kuhusu Gurumisha Motors: nunua, uza na agiza magari Kenya',
        metaDescription:
          'Soko la magari la Kenya: matangazo yaliyokaguliwa, wauzaji wa vipuri walioidhinishwa na uagizaji unaofuatiliwa.',
      },
    },
  },
  {
    key: 'terms',
    en: {
      title: 'Terms of use',
      slug: 'terms',
      body: `These terms apply to everyone who uses Gurumisha Motors. By creating an account you accept them.

## Listings

You may list only a car you own or are authorised to sell. We review every listing and may refuse or remove one that is misleading. The price you list is the price you offer.

## Reservations and payments

A reservation deposit holds a car for you for 72 hours. Deposits and payments are made by M-Pesa or card through Gurumisha; we release the money to the seller after the NTSA transfer, or refund it if the sale does not go ahead through no fault of yours.

## Imports

Landed-cost estimates are for planning: KRA assesses the taxes when the car arrives, and its assessment is the one that applies. We tell you before shipping if a car will exceed your budget.

## Parts

Parts are sold by approved vendors, who are responsible for their descriptions, stock and warranties.

These terms are governed by the laws of Kenya. Questions: support@gurumisha.co.ke.`,
      seo: {
        metaTitle: 'Terms of use | Gurumisha Motors',
        metaDescription:
          'The rules for listings, reservations and payments, import estimates and parts on Gurumisha Motors.',
      },
    },
    sw: {
      title: 'Masharti ya matumizi',
      slug: 'masharti',
      body: `Masharti haya yanamhusu kila mtu anayetumia Gurumisha Motors. Kwa kufungua akaunti unayakubali.

## Matangazo

Unaweza kutangaza gari unalolimiliki tu, au ulilopewa idhini ya kuliuza. Tunakagua kila tangazo na tunaweza kukataa au kuondoa linalopotosha. Bei unayotangaza ndiyo bei unayotoa.

## Kuhifadhi na malipo

Amana ya kuhifadhi hukushikilia gari kwa saa 72. Amana na malipo hufanywa kwa M-Pesa au kadi kupitia Gurumisha; tunampa muuzaji pesa baada ya uhamisho wa NTSA, au tunakurudishia kama mauzo hayakufanyika bila kosa lako.

## Uagizaji

Makadirio ya gharama ni ya kupanga: KRA hukadiria kodi gari linapowasili, na makadirio yake ndiyo yanayotumika. Tunakujulisha kabla ya usafirishaji kama gari litazidi bajeti yako.

## Vipuri

Vipuri huuzwa na wauzaji walioidhinishwa, wanaowajibika kwa maelezo, idadi na dhamana zao.

Masharti haya yanaongozwa na sheria za Kenya. Maswali: support@gurumisha.co.ke.`,
      seo: {
        metaTitle: 'Masharti ya matumizi | Gurumisha Motors',
        metaDescription:
          'Kanuni za matangazo, kuhifadhi na malipo, makadirio ya uagizaji na vipuri kwenye Gurumisha Motors.',
      },
    },
  },
  {
    key: 'privacy',
    en: {
      title: 'Privacy policy',
      slug: 'privacy',
      body: `We process personal data under the Kenya Data Protection Act, 2019.

## What we collect

Your name, email, phone number and, when you sell or import, the details of the car. Payment details stay with M-Pesa and the card processor; we keep only the payment reference.

## Why

To run your account, show your listings, process reservations and imports, and send you the updates you asked for by email and WhatsApp. You can turn WhatsApp updates off in your profile at any time.

## Who sees it

Sellers see the name and phone of a buyer who reserves their car; vendors see the questions you send them. We share nothing with advertisers.

## Your rights

You may ask for a copy of your data, its correction or its deletion: privacy@gurumisha.co.ke. We answer within 30 days.`,
      seo: {
        metaTitle: 'Privacy policy | Gurumisha Motors',
        metaDescription:
          'What personal data Gurumisha Motors collects, why, who sees it, and your rights under the Kenya Data Protection Act.',
      },
    },
    sw: {
      title: 'Sera ya faragha',
      slug: 'faragha',
      body: `Tunashughulikia data binafsi chini ya Sheria ya Ulinzi wa Data ya Kenya, 2019.

## Tunachokusanya

Jina lako, barua pepe, nambari ya simu na, unapouza au kuagiza, maelezo ya gari. Maelezo ya malipo hubaki kwa M-Pesa na kampuni ya kadi; sisi huhifadhi kumbukumbu ya malipo tu.

## Kwa nini

Ili kuendesha akaunti yako, kuonyesha matangazo yako, kushughulikia uhifadhi na uagizaji, na kukutumia taarifa ulizoomba kwa barua pepe na WhatsApp. Unaweza kuzima taarifa za WhatsApp kwenye wasifu wako wakati wowote.

## Nani anaiona

Wauzaji huona jina na simu ya mnunuzi anayehifadhi gari lao; wauzaji wa vipuri huona maswali unayowatumia. Hatushiriki chochote na watangazaji.

## Haki zako

Unaweza kuomba nakala ya data yako, marekebisho yake au ifutwe: privacy@gurumisha.co.ke. Tunajibu ndani ya siku 30.`,
      seo: {
        metaTitle: 'Sera ya faragha | Gurumisha Motors',
        metaDescription:
          'Data binafsi tunayokusanya, kwa nini, nani anaiona, na haki zako chini ya Sheria ya Ulinzi wa Data ya Kenya.',
      },
    },
  },
];

// category, order, en [question, answer], sw [question, answer]
const FAQS = [
  [
    'importing',
    0,
    ['How long does an import from Japan take?', 'Usually six to ten weeks: one to two weeks to buy and inspect, about four weeks at sea, and five to seven working days to clear at Mombasa and register.'],
    ['Kuagiza gari kutoka Japani huchukua muda gani?', 'Kwa kawaida wiki sita hadi kumi: wiki moja hadi mbili kununua na kukagua, takriban wiki nne baharini, na siku tano hadi saba za kazi kusafisha Mombasa na kusajili.'],
  ],
  [
    'importing',
    10,
    ['Is the landed-cost estimate what I will pay?', 'It is an honest estimate from KRA’s current rates and our fixed charges. KRA assesses the final taxes when the car arrives; we tell you before shipping if the car will go over your budget.'],
    ['Je, makadirio ya gharama ndiyo nitakayolipa?', 'Ni makadirio ya kweli kutoka kwa viwango vya sasa vya KRA na ada zetu za kudumu. KRA hukadiria kodi za mwisho gari linapowasili; tunakujulisha kabla ya usafirishaji kama gari litazidi bajeti yako.'],
  ],
  [
    'buying',
    0,
    ['How does reserving a car work?', 'Pay the reservation deposit by M-Pesa or card and the car is held for you for 72 hours. We release the deposit to the seller only after the NTSA transfer.'],
    ['Kuhifadhi gari hufanyaje kazi?', 'Lipa amana ya kuhifadhi kwa M-Pesa au kadi na gari litashikiliwa kwa ajili yako kwa saa 72. Tunampa muuzaji amana baada ya uhamisho wa NTSA tu.'],
  ],
  [
    'selling',
    0,
    ['Why is my listing “pending”?', 'Our team reviews every listing, usually within one working day, to keep out stolen and misleading cars. You get an email or WhatsApp message when it is approved.'],
    ['Kwa nini tangazo langu liko “linasubiri”?', 'Timu yetu hukagua kila tangazo, kwa kawaida ndani ya siku moja ya kazi, ili kuzuia magari ya wizi na yanayopotosha. Utapata barua pepe au ujumbe wa WhatsApp likiidhinishwa.'],
  ],
  [
    'parts',
    0,
    ['How do I know a part fits my car?', 'Choose your make, model and year in the parts search: we show only parts the vendor lists for your car. Ask the vendor with the part number if you are unsure.'],
    ['Nitajuaje kipuri kinatoshea gari langu?', 'Chagua aina, modeli na mwaka wa gari lako katika utafutaji wa vipuri: tunaonyesha vipuri ambavyo muuzaji ameorodhesha kwa gari lako tu. Muulize muuzaji ukiwa na nambari ya kipuri kama huna uhakika.'],
  ],
  [
    'payments',
    0,
    ['Which payment methods can I use?', 'M-Pesa (you confirm with your PIN on your phone) and Visa or Mastercard cards. We never ask for your M-Pesa PIN.'],
    ['Ninaweza kulipa kwa njia zipi?', 'M-Pesa (unathibitisha kwa PIN yako kwenye simu) na kadi za Visa au Mastercard. Hatutawahi kukuomba PIN yako ya M-Pesa.'],
  ],
  [
    'account',
    0,
    ['How do I get WhatsApp updates?', 'Add your phone number in your profile and turn on WhatsApp updates. You can turn them off at any time.'],
    ['Ninapataje taarifa kwa WhatsApp?', 'Ongeza nambari yako ya simu kwenye wasifu wako na uwashe taarifa za WhatsApp. Unaweza kuzizima wakati wowote.'],
  ],
  [
    'general',
    0,
    ['Where is Gurumisha Motors?', 'Our yard is on Mombasa Road, Nairobi, open Monday to Saturday from 8am to 6pm. Sellers and vendors are all over Kenya.'],
    ['Gurumisha Motors iko wapi?', 'Uwanja wetu uko Barabara ya Mombasa, Nairobi, wazi Jumatatu hadi Jumamosi kuanzia saa mbili asubuhi hadi saa kumi na mbili jioni. Wauzaji wako kote Kenya.'],
  ],
];

const BANNERS = [
  {
    key: 'import-estimate',
    image: 'banner-import',
    en: { title: 'Import from Japan: see every shilling before you commit', link: '/imports/new' },
    sw: { title: 'Agiza kutoka Japani: ona kila shilingi kabla ya kuamua', link: '/sw/imports/new' },
  },
  {
    key: 'parts-fit',
    image: 'banner-parts',
    en: { title: 'Spare parts that fit your car, from approved vendors', link: '/parts' },
    sw: { title: 'Vipuri vinavyotoshea gari lako, kutoka kwa wauzaji walioidhinishwa', link: '/sw/parts' },
  },
];

// The demo's pictures, drawn at seed time (no binary files in the repository):
// name, alternative text (en), colours.
const IMAGES = {
  port: ['Car carrier ship unloading at the port of Mombasa', '#0f4c81', '#f2a900'],
  calendar: ['Calendar page with a car key, counting a car’s age', '#2e7d32', '#ffffff'],
  wagon: ['Silver station wagon parked on a Nairobi street', '#455a64', '#cfd8dc'],
  keys: ['Car keys handed over with a logbook', '#6a1b9a', '#ffd54f'],
  road: ['SUV on a red murram road in the Rift Valley', '#8d4a1f', '#f5deb3'],
  'banner-import': ['Imported cars lined up at a yard on Mombasa Road', '#0f4c81', '#ffffff'],
  'banner-parts': ['Brake pads, filters and spark plugs on a workshop bench', '#263238', '#ff7043'],
};

module.exports = { ARTICLES, PAGES, FAQS, BANNERS, IMAGES };
