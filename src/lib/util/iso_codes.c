/*
 * ISO code tables (iso_codes.h), generated from Debian iso-codes 4.15:
 * ISO 3166-1 alpha-2 -> alpha-3 (iso_3166-1.json), and ISO 639-1 ->
 * ISO 639-2/T with the English name (iso_639-2.json, names from
 * iso_639-3.json without their parenthesised qualifiers), plus the ISO
 * 639-3-only languages of the partner countries (cnr, Montenegrin).
 */
#include "iso_codes.h"

#include <string.h>

/* ISO 3166-1: alpha-2 then alpha-3, five letters an entry, by alpha-2. */
static const char country_codes[] =
    "ADANDAEAREAFAFGAGATGAIAIAALALBAMARMAOAGOAQATAARARGASASMATAUT"
    "AUAUSAWABWAXALAAZAZEBABIHBBBRBBDBGDBEBELBFBFABGBGRBHBHRBIBDI"
    "BJBENBLBLMBMBMUBNBRNBOBOLBQBESBRBRABSBHSBTBTNBVBVTBWBWABYBLR"
    "BZBLZCACANCCCCKCDCODCFCAFCGCOGCHCHECICIVCKCOKCLCHLCMCMRCNCHN"
    "COCOLCRCRICUCUBCVCPVCWCUWCXCXRCYCYPCZCZEDEDEUDJDJIDKDNKDMDMA"
    "DODOMDZDZAECECUEEESTEGEGYEHESHERERIESESPETETHFIFINFJFJIFKFLK"
    "FMFSMFOFROFRFRAGAGABGBGBRGDGRDGEGEOGFGUFGGGGYGHGHAGIGIBGLGRL"
    "GMGMBGNGINGPGLPGQGNQGRGRCGSSGSGTGTMGUGUMGWGNBGYGUYHKHKGHMHMD"
    "HNHNDHRHRVHTHTIHUHUNIDIDNIEIRLILISRIMIMNININDIOIOTIQIRQIRIRN"
    "ISISLITITAJEJEYJMJAMJOJORJPJPNKEKENKGKGZKHKHMKIKIRKMCOMKNKNA"
    "KPPRKKRKORKWKWTKYCYMKZKAZLALAOLBLBNLCLCALILIELKLKALRLBRLSLSO"
    "LTLTULULUXLVLVALYLBYMAMARMCMCOMDMDAMEMNEMFMAFMGMDGMHMHLMKMKD"
    "MLMLIMMMMRMNMNGMOMACMPMNPMQMTQMRMRTMSMSRMTMLTMUMUSMVMDVMWMWI"
    "MXMEXMYMYSMZMOZNANAMNCNCLNENERNFNFKNGNGANINICNLNLDNONORNPNPL"
    "NRNRUNUNIUNZNZLOMOMNPAPANPEPERPFPYFPGPNGPHPHLPKPAKPLPOLPMSPM"
    "PNPCNPRPRIPSPSEPTPRTPWPLWPYPRYQAQATREREUROROURSSRBRURUSRWRWA"
    "SASAUSBSLBSCSYCSDSDNSESWESGSGPSHSHNSISVNSJSJMSKSVKSLSLESMSMR"
    "SNSENSOSOMSRSURSSSSDSTSTPSVSLVSXSXMSYSYRSZSWZTCTCATDTCDTFATF"
    "TGTGOTHTHATJTJKTKTKLTLTLSTMTKMTNTUNTOTONTRTURTTTTOTVTUVTWTWN"
    "TZTZAUAUKRUGUGAUMUMIUSUSAUYURYUZUZBVAVATVCVCTVEVENVGVGBVIVIR"
    "VNVNMVUVUTWFWLFWSWSMYEYEMYTMYTZAZAFZMZMBZWZWE";

/* By tag (strcmp order), for binary search. */
static const struct mc__iso_language {
	const char *tag, *code, *name;
} languages[] = {
    {"aa", "AAR", "Afar"},
    {"ab", "ABK", "Abkhazian"},
    {"ae", "AVE", "Avestan"},
    {"af", "AFR", "Afrikaans"},
    {"ak", "AKA", "Akan"},
    {"am", "AMH", "Amharic"},
    {"an", "ARG", "Aragonese"},
    {"ar", "ARA", "Arabic"},
    {"as", "ASM", "Assamese"},
    {"av", "AVA", "Avaric"},
    {"ay", "AYM", "Aymara"},
    {"az", "AZE", "Azerbaijani"},
    {"ba", "BAK", "Bashkir"},
    {"be", "BEL", "Belarusian"},
    {"bg", "BUL", "Bulgarian"},
    {"bh", "BIH", "Bihari languages"},
    {"bi", "BIS", "Bislama"},
    {"bm", "BAM", "Bambara"},
    {"bn", "BEN", "Bengali"},
    {"bo", "BOD", "Tibetan"},
    {"br", "BRE", "Breton"},
    {"bs", "BOS", "Bosnian"},
    {"ca", "CAT", "Catalan"},
    {"ce", "CHE", "Chechen"},
    {"ch", "CHA", "Chamorro"},
    {"cnr", "CNR", "Montenegrin"},
    {"co", "COS", "Corsican"},
    {"cr", "CRE", "Cree"},
    {"cs", "CES", "Czech"},
    {"cu", "CHU", "Church Slavic"},
    {"cv", "CHV", "Chuvash"},
    {"cy", "CYM", "Welsh"},
    {"da", "DAN", "Danish"},
    {"de", "DEU", "German"},
    {"dv", "DIV", "Dhivehi"},
    {"dz", "DZO", "Dzongkha"},
    {"ee", "EWE", "Ewe"},
    {"el", "ELL", "Modern Greek"},
    {"en", "ENG", "English"},
    {"eo", "EPO", "Esperanto"},
    {"es", "SPA", "Spanish"},
    {"et", "EST", "Estonian"},
    {"eu", "EUS", "Basque"},
    {"fa", "FAS", "Persian"},
    {"ff", "FUL", "Fulah"},
    {"fi", "FIN", "Finnish"},
    {"fj", "FIJ", "Fijian"},
    {"fo", "FAO", "Faroese"},
    {"fr", "FRA", "French"},
    {"fy", "FRY", "Western Frisian"},
    {"ga", "GLE", "Irish"},
    {"gd", "GLA", "Scottish Gaelic"},
    {"gl", "GLG", "Galician"},
    {"gn", "GRN", "Guarani"},
    {"gu", "GUJ", "Gujarati"},
    {"gv", "GLV", "Manx"},
    {"ha", "HAU", "Hausa"},
    {"he", "HEB", "Hebrew"},
    {"hi", "HIN", "Hindi"},
    {"ho", "HMO", "Hiri Motu"},
    {"hr", "HRV", "Croatian"},
    {"ht", "HAT", "Haitian"},
    {"hu", "HUN", "Hungarian"},
    {"hy", "HYE", "Armenian"},
    {"hz", "HER", "Herero"},
    {"ia", "INA", "Interlingua"},
    {"id", "IND", "Indonesian"},
    {"ie", "ILE", "Interlingue"},
    {"ig", "IBO", "Igbo"},
    {"ii", "III", "Sichuan Yi"},
    {"ik", "IPK", "Inupiaq"},
    {"io", "IDO", "Ido"},
    {"is", "ISL", "Icelandic"},
    {"it", "ITA", "Italian"},
    {"iu", "IKU", "Inuktitut"},
    {"ja", "JPN", "Japanese"},
    {"jv", "JAV", "Javanese"},
    {"ka", "KAT", "Georgian"},
    {"kg", "KON", "Kongo"},
    {"ki", "KIK", "Kikuyu"},
    {"kj", "KUA", "Kuanyama"},
    {"kk", "KAZ", "Kazakh"},
    {"kl", "KAL", "Kalaallisut"},
    {"km", "KHM", "Khmer"},
    {"kn", "KAN", "Kannada"},
    {"ko", "KOR", "Korean"},
    {"kr", "KAU", "Kanuri"},
    {"ks", "KAS", "Kashmiri"},
    {"ku", "KUR", "Kurdish"},
    {"kv", "KOM", "Komi"},
    {"kw", "COR", "Cornish"},
    {"ky", "KIR", "Kirghiz"},
    {"la", "LAT", "Latin"},
    {"lb", "LTZ", "Luxembourgish"},
    {"lg", "LUG", "Ganda"},
    {"li", "LIM", "Limburgan"},
    {"ln", "LIN", "Lingala"},
    {"lo", "LAO", "Lao"},
    {"lt", "LIT", "Lithuanian"},
    {"lu", "LUB", "Luba-Katanga"},
    {"lv", "LAV", "Latvian"},
    {"mg", "MLG", "Malagasy"},
    {"mh", "MAH", "Marshallese"},
    {"mi", "MRI", "Maori"},
    {"mk", "MKD", "Macedonian"},
    {"ml", "MAL", "Malayalam"},
    {"mn", "MON", "Mongolian"},
    {"mr", "MAR", "Marathi"},
    {"ms", "MSA", "Malay"},
    {"mt", "MLT", "Maltese"},
    {"my", "MYA", "Burmese"},
    {"na", "NAU", "Nauru"},
    {"nb", "NOB", "Norwegian Bokmål"},
    {"nd", "NDE", "North Ndebele"},
    {"ne", "NEP", "Nepali"},
    {"ng", "NDO", "Ndonga"},
    {"nl", "NLD", "Dutch"},
    {"nn", "NNO", "Norwegian Nynorsk"},
    {"no", "NOR", "Norwegian"},
    {"nr", "NBL", "South Ndebele"},
    {"nv", "NAV", "Navajo"},
    {"ny", "NYA", "Nyanja"},
    {"oc", "OCI", "Occitan"},
    {"oj", "OJI", "Ojibwa"},
    {"om", "ORM", "Oromo"},
    {"or", "ORI", "Oriya"},
    {"os", "OSS", "Ossetian"},
    {"pa", "PAN", "Panjabi"},
    {"pi", "PLI", "Pali"},
    {"pl", "POL", "Polish"},
    {"ps", "PUS", "Pushto"},
    {"pt", "POR", "Portuguese"},
    {"qu", "QUE", "Quechua"},
    {"rm", "ROH", "Romansh"},
    {"rn", "RUN", "Rundi"},
    {"ro", "RON", "Romanian"},
    {"ru", "RUS", "Russian"},
    {"rw", "KIN", "Kinyarwanda"},
    {"sa", "SAN", "Sanskrit"},
    {"sc", "SRD", "Sardinian"},
    {"sd", "SND", "Sindhi"},
    {"se", "SME", "Northern Sami"},
    {"sg", "SAG", "Sango"},
    {"si", "SIN", "Sinhala"},
    {"sk", "SLK", "Slovak"},
    {"sl", "SLV", "Slovenian"},
    {"sm", "SMO", "Samoan"},
    {"sn", "SNA", "Shona"},
    {"so", "SOM", "Somali"},
    {"sq", "SQI", "Albanian"},
    {"sr", "SRP", "Serbian"},
    {"ss", "SSW", "Swati"},
    {"st", "SOT", "Southern Sotho"},
    {"su", "SUN", "Sundanese"},
    {"sv", "SWE", "Swedish"},
    {"sw", "SWA", "Swahili"},
    {"ta", "TAM", "Tamil"},
    {"te", "TEL", "Telugu"},
    {"tg", "TGK", "Tajik"},
    {"th", "THA", "Thai"},
    {"ti", "TIR", "Tigrinya"},
    {"tk", "TUK", "Turkmen"},
    {"tl", "TGL", "Tagalog"},
    {"tn", "TSN", "Tswana"},
    {"to", "TON", "Tonga"},
    {"tr", "TUR", "Turkish"},
    {"ts", "TSO", "Tsonga"},
    {"tt", "TAT", "Tatar"},
    {"tw", "TWI", "Twi"},
    {"ty", "TAH", "Tahitian"},
    {"ug", "UIG", "Uighur"},
    {"uk", "UKR", "Ukrainian"},
    {"ur", "URD", "Urdu"},
    {"uz", "UZB", "Uzbek"},
    {"ve", "VEN", "Venda"},
    {"vi", "VIE", "Vietnamese"},
    {"vo", "VOL", "Volapük"},
    {"wa", "WLN", "Walloon"},
    {"wo", "WOL", "Wolof"},
    {"xh", "XHO", "Xhosa"},
    {"yi", "YID", "Yiddish"},
    {"yo", "YOR", "Yoruba"},
    {"za", "ZHA", "Zhuang"},
    {"zh", "ZHO", "Chinese"},
    {"zu", "ZUL", "Zulu"},
};

#define N_LANGUAGES (sizeof(languages) / sizeof(languages[0]))

const char *mc__iso_alpha3(const char *alpha2, char out[4])
{
	size_t lo = 0, hi = sizeof(country_codes) / 5;
	char up[3];

	if (!alpha2 || strlen(alpha2) != 2)
		return NULL;
	up[0] = (char)(alpha2[0] & ~0x20);
	up[1] = (char)(alpha2[1] & ~0x20);
	up[2] = '\0';
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(country_codes + 5 * mid, up, 2);

		if (c == 0) {
			memcpy(out, country_codes + 5 * mid + 2, 3);
			out[3] = '\0';
			return out;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The primary subtag of a BCP 47 tag, lower case, into `out`; 0, or -1
 * unless it is two or three ASCII letters. */
static int primary_subtag(char out[4], const char *tag)
{
	size_t n = 0;
	char ch;

	if (!tag)
		return -1;
	for (; tag[n] && tag[n] != '-'; n++) {
		ch = (char)(tag[n] | 0x20);
		if (n == 3 || ch < 'a' || ch > 'z')
			return -1;
		out[n] = ch;
	}
	if (n < 2)
		return -1;
	out[n] = '\0';
	return 0;
}

static const struct mc__iso_language *by_tag(const char *sub)
{
	size_t lo = 0, hi = N_LANGUAGES;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(languages[mid].tag, sub);

		if (c == 0)
			return &languages[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *mc__iso_lang_code(const char *tag, char out[4])
{
	const struct mc__iso_language *l;
	char sub[4];
	size_t i;

	if (primary_subtag(sub, tag) < 0)
		return NULL;
	if ((l = by_tag(sub)) != NULL) {
		memcpy(out, l->code, 4);
		return out;
	}
	if (strlen(sub) != 3)
		return NULL;
	for (i = 0; i < 3; i++)
		out[i] = (char)(sub[i] & ~0x20);
	out[3] = '\0';
	return out;
}

const char *mc__iso_lang_name(const char *tag)
{
	const struct mc__iso_language *l;
	char sub[4];

	if (primary_subtag(sub, tag) < 0 || !(l = by_tag(sub)))
		return NULL;
	return l->name;
}

const char *mc__iso_lang_tag(const char *code, char out[4])
{
	char up[4];
	size_t i;

	if (!code || strlen(code) != 3)
		return NULL;
	for (i = 0; i < 3; i++) {
		up[i] = (char)(code[i] & ~0x20);
		if (up[i] < 'A' || up[i] > 'Z')
			return NULL;
	}
	up[3] = '\0';
	for (i = 0; i < N_LANGUAGES; i++)
		if (strcmp(languages[i].code, up) == 0) {
			memcpy(out, languages[i].tag,
			       strlen(languages[i].tag) + 1);
			return out;
		}
	for (i = 0; i < 3; i++)
		out[i] = (char)(up[i] | 0x20);
	out[3] = '\0';
	return out;
}
