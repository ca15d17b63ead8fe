/*
 * Controlled vocabularies of the model: enum names, target groups,
 * ISCED-F 2013 fields of education, ISO 3166-1 countries and slugs.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/microcredential.h"
#include "microcred/organisation.h"
#include "model.h"
#include "util/util.h"

static const char *const status_names[] = {"draft",	"in_review", "approved",
					   "published", "retired",   NULL};
static const char *const lo_names[] = {"knowledge", "skills",
				       "responsibility_autonomy", NULL};
static const char *const assessment_names[] = {"written_exam",
					       "oral_exam",
					       "practical_demonstration",
					       "artefact",
					       "portfolio",
					       "project",
					       "online_test",
					       "observation",
					       "combined",
					       NULL};
static const char *const mode_names[] = {"onsite", "online", "blended", NULL};
static const char *const setting_names[] = {"formal", "non_formal", NULL};
static const char *const qa_names[] = {"internal", "external", "accreditation",
				       NULL};
static const char *const supervision_names[] = {
    "unsupervised_no_id", "supervised_no_id", "supervised_online_id",
    "supervised_onsite_id", NULL};
static const char *const stackability_names[] = {"standalone", "stackable",
						 NULL};
static const char *const org_type_names[] = {
    "vet_provider", "agency", "accreditation_body", "company", "association",
    "other",	    NULL};
static const char *const cluster_kind_names[] = {"regional", "thematic", NULL};

/* Each vocabulary: its names and the enum value of the first name (1 when
 * the enum starts with an *_UNSET value). */
static const struct {
	const char *const *names;
	int first;
	const char *list;
} vocabs[] = {
    [MC__VOCAB_STATUS] = {status_names, 0,
			  "draft, in_review, approved, published, "
			  "retired"},
    [MC__VOCAB_LO_CATEGORY] = {lo_names, 0,
			       "knowledge, skills, "
			       "responsibility_autonomy"},
    [MC__VOCAB_ASSESSMENT] = {assessment_names, 1,
			      "written_exam, oral_exam, "
			      "practical_demonstration, artefact, "
			      "portfolio, project, online_test, "
			      "observation, combined"},
    [MC__VOCAB_MODE] = {mode_names, 1, "onsite, online, blended"},
    [MC__VOCAB_SETTING] = {setting_names, 1, "formal, non_formal"},
    [MC__VOCAB_QA] = {qa_names, 1, "internal, external, accreditation"},
    [MC__VOCAB_SUPERVISION] = {supervision_names, 1,
			       "unsupervised_no_id, supervised_no_id, "
			       "supervised_online_id, "
			       "supervised_onsite_id"},
    [MC__VOCAB_STACKABILITY] = {stackability_names, 1, "standalone, stackable"},
    [MC__VOCAB_ORG_TYPE] = {org_type_names, 0,
			    "vet_provider, agency, accreditation_body, "
			    "company, association, other"},
    [MC__VOCAB_CLUSTER_KIND] = {cluster_kind_names, 0, "regional, thematic"},
};

const char *const *mc__vocab_names(mc__vocab vocab)
{
	return vocabs[vocab].names;
}

const char *mc__vocab_list(mc__vocab vocab)
{
	return vocabs[vocab].list;
}

int mc__vocab_parse(int *out, mc__vocab vocab, const char *name)
{
	const char *const *names = vocabs[vocab].names;
	int i;

	if (!name)
		return MC_EINVALID;
	for (i = 0; names[i]; i++) {
		if (strcmp(names[i], name) == 0) {
			*out = i + vocabs[vocab].first;
			return 0;
		}
	}
	return MC_EINVALID;
}

/*
 * The name of value `v`: "unset" for an *_UNSET value, "unknown" for a
 * value outside the enum.  Never NULL.
 */
static const char *vocab_name(mc__vocab vocab, int v)
{
	const char *const *names = vocabs[vocab].names;
	int i = v - vocabs[vocab].first;
	int n = 0;

	while (names[n])
		n++;
	if (i >= 0 && i < n)
		return names[i];
	if (vocabs[vocab].first == 1 && v == 0)
		return "unset";
	return "unknown";
}

/* Parse into an enum of any type through an int. */
#define PARSE_ENUM(type, out, vocab, name)                                     \
	do {                                                                   \
		int v_, e_ = mc__vocab_parse(&v_, (vocab), (name));            \
		if (e_ < 0)                                                    \
			return e_;                                             \
		*(out) = (type)v_;                                             \
		return 0;                                                      \
	} while (0)

const char *mc_status_name(mc_status s)
{
	return vocab_name(MC__VOCAB_STATUS, (int)s);
}

int mc_status_parse(mc_status *out, const char *name)
{
	PARSE_ENUM(mc_status, out, MC__VOCAB_STATUS, name);
}

const char *mc_lo_category_name(mc_lo_category c)
{
	return vocab_name(MC__VOCAB_LO_CATEGORY, (int)c);
}

int mc_lo_category_parse(mc_lo_category *out, const char *name)
{
	PARSE_ENUM(mc_lo_category, out, MC__VOCAB_LO_CATEGORY, name);
}

const char *mc_assessment_name(mc_assessment_type t)
{
	return vocab_name(MC__VOCAB_ASSESSMENT, (int)t);
}

int mc_assessment_parse(mc_assessment_type *out, const char *name)
{
	PARSE_ENUM(mc_assessment_type, out, MC__VOCAB_ASSESSMENT, name);
}

const char *mc_mode_name(mc_mode m)
{
	return vocab_name(MC__VOCAB_MODE, (int)m);
}

int mc_mode_parse(mc_mode *out, const char *name)
{
	PARSE_ENUM(mc_mode, out, MC__VOCAB_MODE, name);
}

const char *mc_setting_name(mc_setting s)
{
	return vocab_name(MC__VOCAB_SETTING, (int)s);
}

int mc_setting_parse(mc_setting *out, const char *name)
{
	PARSE_ENUM(mc_setting, out, MC__VOCAB_SETTING, name);
}

const char *mc_qa_name(mc_qa_type q)
{
	return vocab_name(MC__VOCAB_QA, (int)q);
}

int mc_qa_parse(mc_qa_type *out, const char *name)
{
	PARSE_ENUM(mc_qa_type, out, MC__VOCAB_QA, name);
}

const char *mc_supervision_name(mc_supervision s)
{
	return vocab_name(MC__VOCAB_SUPERVISION, (int)s);
}

int mc_supervision_parse(mc_supervision *out, const char *name)
{
	PARSE_ENUM(mc_supervision, out, MC__VOCAB_SUPERVISION, name);
}

const char *mc_stackability_name(mc_stackability s)
{
	return vocab_name(MC__VOCAB_STACKABILITY, (int)s);
}

int mc_stackability_parse(mc_stackability *out, const char *name)
{
	PARSE_ENUM(mc_stackability, out, MC__VOCAB_STACKABILITY, name);
}

const char *mc_org_type_name(mc_org_type t)
{
	return vocab_name(MC__VOCAB_ORG_TYPE, (int)t);
}

int mc_org_type_parse(mc_org_type *out, const char *name)
{
	PARSE_ENUM(mc_org_type, out, MC__VOCAB_ORG_TYPE, name);
}

const char *mc_cluster_kind_name(mc_cluster_kind k)
{
	return vocab_name(MC__VOCAB_CLUSTER_KIND, (int)k);
}

int mc_cluster_kind_parse(mc_cluster_kind *out, const char *name)
{
	PARSE_ENUM(mc_cluster_kind, out, MC__VOCAB_CLUSTER_KIND, name);
}

static const char *const target_groups[] = {
    "adults",	 "unemployed", "structurally_weak_regions",
    "returnees", "idps",       "youth",
    "women",	 "veterans",   "people_with_disabilities",
    "employees", NULL};

const char *const *mc_target_groups(void)
{
	return target_groups;
}

/*
 * A named group, or "other:" followed by a name that is not empty, has no
 * leading or trailing white space and no control characters.
 */
int mc_target_group_valid(const char *name)
{
	const unsigned char *p;
	size_t i, n;

	if (!name)
		return 0;
	for (i = 0; target_groups[i]; i++)
		if (strcmp(target_groups[i], name) == 0)
			return 1;
	if (strncmp(name, "other:", 6) != 0)
		return 0;
	p = (const unsigned char *)name + 6;
	n = strlen((const char *)p);
	if (n == 0 || n > 128 || p[0] == ' ' || p[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7F)
			return 0;
	return mc__utf8_valid((const char *)p, n);
}

/*
 * ISCED-F 2013 (UNESCO): broad (2 digits), narrow (3) and detailed (4)
 * fields, with the "not further defined" (..0), "inter-disciplinary"
 * (..8/..88) and "not elsewhere classified" (..9/..99) codes.  Sorted.
 */
static const struct {
	const char *code;
	const char *label;
} isced_table[] = {
    {"00", "Generic programmes and qualifications"},
    {"000", "Generic programmes and qualifications not further defined"},
    {"0000", "Generic programmes and qualifications not further defined"},
    {"001", "Basic programmes and qualifications"},
    {"0011", "Basic programmes and qualifications"},
    {"002", "Literacy and numeracy"},
    {"0021", "Literacy and numeracy"},
    {"003", "Personal skills and development"},
    {"0031", "Personal skills and development"},
    {"009", "Generic programmes and qualifications not elsewhere classified"},
    {"0099", "Generic programmes and qualifications not elsewhere classified"},
    {"01", "Education"},
    {"010", "Education not further defined"},
    {"0100", "Education not further defined"},
    {"011", "Education"},
    {"0110", "Education not further defined"},
    {"0111", "Education science"},
    {"0112", "Training for pre-school teachers"},
    {"0113", "Teacher training without subject specialisation"},
    {"0114", "Teacher training with subject specialisation"},
    {"0119", "Education not elsewhere classified"},
    {"018",
     "Inter-disciplinary programmes and qualifications involving education"},
    {"0188",
     "Inter-disciplinary programmes and qualifications involving education"},
    {"019", "Education not elsewhere classified"},
    {"0199", "Education not elsewhere classified"},
    {"02", "Arts and humanities"},
    {"020", "Arts and humanities not further defined"},
    {"0200", "Arts and humanities not further defined"},
    {"021", "Arts"},
    {"0210", "Arts not further defined"},
    {"0211", "Audio-visual techniques and media production"},
    {"0212", "Fashion, interior and industrial design"},
    {"0213", "Fine arts"},
    {"0214", "Handicrafts"},
    {"0215", "Music and performing arts"},
    {"0219", "Arts not elsewhere classified"},
    {"022", "Humanities (except languages)"},
    {"0220", "Humanities (except languages) not further defined"},
    {"0221", "Religion and theology"},
    {"0222", "History and archaeology"},
    {"0223", "Philosophy and ethics"},
    {"0229", "Humanities (except languages) not elsewhere classified"},
    {"023", "Languages"},
    {"0230", "Languages not further defined"},
    {"0231", "Language acquisition"},
    {"0232", "Literature and linguistics"},
    {"0239", "Languages not elsewhere classified"},
    {"028", "Inter-disciplinary programmes and qualifications involving arts "
	    "and humanities"},
    {"0288", "Inter-disciplinary programmes and qualifications involving arts "
	     "and humanities"},
    {"029", "Arts and humanities not elsewhere classified"},
    {"0299", "Arts and humanities not elsewhere classified"},
    {"03", "Social sciences, journalism and information"},
    {"030", "Social sciences, journalism and information not further defined"},
    {"0300", "Social sciences, journalism and information not further defined"},
    {"031", "Social and behavioural sciences"},
    {"0310", "Social and behavioural sciences not further defined"},
    {"0311", "Economics"},
    {"0312", "Political sciences and civics"},
    {"0313", "Psychology"},
    {"0314", "Sociology and cultural studies"},
    {"0319", "Social and behavioural sciences not elsewhere classified"},
    {"032", "Journalism and information"},
    {"0320", "Journalism and information not further defined"},
    {"0321", "Journalism and reporting"},
    {"0322", "Library, information and archival studies"},
    {"0329", "Journalism and information not elsewhere classified"},
    {"038", "Inter-disciplinary programmes and qualifications involving social "
	    "sciences, journalism and information"},
    {"0388", "Inter-disciplinary programmes and qualifications involving "
	     "social sciences, journalism and information"},
    {"039",
     "Social sciences, journalism and information not elsewhere classified"},
    {"0399",
     "Social sciences, journalism and information not elsewhere classified"},
    {"04", "Business, administration and law"},
    {"040", "Business, administration and law not further defined"},
    {"0400", "Business, administration and law not further defined"},
    {"041", "Business and administration"},
    {"0410", "Business and administration not further defined"},
    {"0411", "Accounting and taxation"},
    {"0412", "Finance, banking and insurance"},
    {"0413", "Management and administration"},
    {"0414", "Marketing and advertising"},
    {"0415", "Secretarial and office work"},
    {"0416", "Wholesale and retail sales"},
    {"0417", "Work skills"},
    {"0419", "Business and administration not elsewhere classified"},
    {"042", "Law"},
    {"0420", "Law not further defined"},
    {"0421", "Law"},
    {"0429", "Law not elsewhere classified"},
    {"048", "Inter-disciplinary programmes and qualifications involving "
	    "business, administration and law"},
    {"0488", "Inter-disciplinary programmes and qualifications involving "
	     "business, administration and law"},
    {"049", "Business, administration and law not elsewhere classified"},
    {"0499", "Business, administration and law not elsewhere classified"},
    {"05", "Natural sciences, mathematics and statistics"},
    {"050", "Natural sciences, mathematics and statistics not further defined"},
    {"0500",
     "Natural sciences, mathematics and statistics not further defined"},
    {"051", "Biological and related sciences"},
    {"0510", "Biological and related sciences not further defined"},
    {"0511", "Biology"},
    {"0512", "Biochemistry"},
    {"0519", "Biological and related sciences not elsewhere classified"},
    {"052", "Environment"},
    {"0520", "Environment not further defined"},
    {"0521", "Environmental sciences"},
    {"0522", "Natural environments and wildlife"},
    {"0529", "Environment not elsewhere classified"},
    {"053", "Physical sciences"},
    {"0530", "Physical sciences not further defined"},
    {"0531", "Chemistry"},
    {"0532", "Earth sciences"},
    {"0533", "Physics"},
    {"0539", "Physical sciences not elsewhere classified"},
    {"054", "Mathematics and statistics"},
    {"0540", "Mathematics and statistics not further defined"},
    {"0541", "Mathematics"},
    {"0542", "Statistics"},
    {"0549", "Mathematics and statistics not elsewhere classified"},
    {"058", "Inter-disciplinary programmes and qualifications involving "
	    "natural sciences, mathematics and statistics"},
    {"0588", "Inter-disciplinary programmes and qualifications involving "
	     "natural sciences, mathematics and statistics"},
    {"059",
     "Natural sciences, mathematics and statistics not elsewhere classified"},
    {"0599",
     "Natural sciences, mathematics and statistics not elsewhere classified"},
    {"06", "Information and Communication Technologies (ICTs)"},
    {"060",
     "Information and Communication Technologies (ICTs) not further defined"},
    {"0600",
     "Information and Communication Technologies (ICTs) not further defined"},
    {"061", "Information and Communication Technologies (ICTs)"},
    {"0610",
     "Information and Communication Technologies (ICTs) not further defined"},
    {"0611", "Computer use"},
    {"0612", "Database and network design and administration"},
    {"0613", "Software and applications development and analysis"},
    {"0619", "Information and Communication Technologies (ICTs) not elsewhere "
	     "classified"},
    {"068", "Inter-disciplinary programmes and qualifications involving "
	    "Information and Communication Technologies (ICTs)"},
    {"0688", "Inter-disciplinary programmes and qualifications involving "
	     "Information and Communication Technologies (ICTs)"},
    {"069", "Information and Communication Technologies (ICTs) not elsewhere "
	    "classified"},
    {"0699", "Information and Communication Technologies (ICTs) not elsewhere "
	     "classified"},
    {"07", "Engineering, manufacturing and construction"},
    {"070", "Engineering, manufacturing and construction not further defined"},
    {"0700", "Engineering, manufacturing and construction not further defined"},
    {"071", "Engineering and engineering trades"},
    {"0710", "Engineering and engineering trades not further defined"},
    {"0711", "Chemical engineering and processes"},
    {"0712", "Environmental protection technology"},
    {"0713", "Electricity and energy"},
    {"0714", "Electronics and automation"},
    {"0715", "Mechanics and metal trades"},
    {"0716", "Motor vehicles, ships and aircraft"},
    {"0719", "Engineering and engineering trades not elsewhere classified"},
    {"072", "Manufacturing and processing"},
    {"0720", "Manufacturing and processing not further defined"},
    {"0721", "Food processing"},
    {"0722", "Materials (glass, paper, plastic and wood)"},
    {"0723", "Textiles (clothes, footwear and leather)"},
    {"0724", "Mining and extraction"},
    {"0729", "Manufacturing and processing not elsewhere classified"},
    {"073", "Architecture and construction"},
    {"0730", "Architecture and construction not further defined"},
    {"0731", "Architecture and town planning"},
    {"0732", "Building and civil engineering"},
    {"0739", "Architecture and construction not elsewhere classified"},
    {"078", "Inter-disciplinary programmes and qualifications involving "
	    "engineering, manufacturing and construction"},
    {"0788", "Inter-disciplinary programmes and qualifications involving "
	     "engineering, manufacturing and construction"},
    {"079",
     "Engineering, manufacturing and construction not elsewhere classified"},
    {"0799",
     "Engineering, manufacturing and construction not elsewhere classified"},
    {"08", "Agriculture, forestry, fisheries and veterinary"},
    {"080",
     "Agriculture, forestry, fisheries and veterinary not further defined"},
    {"0800",
     "Agriculture, forestry, fisheries and veterinary not further defined"},
    {"081", "Agriculture"},
    {"0810", "Agriculture not further defined"},
    {"0811", "Crop and livestock production"},
    {"0812", "Horticulture"},
    {"0819", "Agriculture not elsewhere classified"},
    {"082", "Forestry"},
    {"0820", "Forestry not further defined"},
    {"0821", "Forestry"},
    {"0829", "Forestry not elsewhere classified"},
    {"083", "Fisheries"},
    {"0830", "Fisheries not further defined"},
    {"0831", "Fisheries"},
    {"0839", "Fisheries not elsewhere classified"},
    {"084", "Veterinary"},
    {"0840", "Veterinary not further defined"},
    {"0841", "Veterinary"},
    {"0849", "Veterinary not elsewhere classified"},
    {"088", "Inter-disciplinary programmes and qualifications involving "
	    "agriculture, forestry, fisheries and veterinary"},
    {"0888", "Inter-disciplinary programmes and qualifications involving "
	     "agriculture, forestry, fisheries and veterinary"},
    {"089", "Agriculture, forestry, fisheries and veterinary not elsewhere "
	    "classified"},
    {"0899", "Agriculture, forestry, fisheries and veterinary not elsewhere "
	     "classified"},
    {"09", "Health and welfare"},
    {"090", "Health and welfare not further defined"},
    {"0900", "Health and welfare not further defined"},
    {"091", "Health"},
    {"0910", "Health not further defined"},
    {"0911", "Dental studies"},
    {"0912", "Medicine"},
    {"0913", "Nursing and midwifery"},
    {"0914", "Medical diagnostic and treatment technology"},
    {"0915", "Therapy and rehabilitation"},
    {"0916", "Pharmacy"},
    {"0917", "Traditional and complementary medicine and therapy"},
    {"0919", "Health not elsewhere classified"},
    {"092", "Welfare"},
    {"0920", "Welfare not further defined"},
    {"0921", "Care of the elderly and of disabled adults"},
    {"0922", "Child care and youth services"},
    {"0923", "Social work and counselling"},
    {"0929", "Welfare not elsewhere classified"},
    {"098", "Inter-disciplinary programmes and qualifications involving health "
	    "and welfare"},
    {"0988", "Inter-disciplinary programmes and qualifications involving "
	     "health and welfare"},
    {"099", "Health and welfare not elsewhere classified"},
    {"0999", "Health and welfare not elsewhere classified"},
    {"10", "Services"},
    {"100", "Services not further defined"},
    {"1000", "Services not further defined"},
    {"101", "Personal services"},
    {"1010", "Personal services not further defined"},
    {"1011", "Domestic services"},
    {"1012", "Hair and beauty services"},
    {"1013", "Hotel, restaurants and catering"},
    {"1014", "Sports"},
    {"1015", "Travel, tourism and leisure"},
    {"1019", "Personal services not elsewhere classified"},
    {"102", "Hygiene and occupational health services"},
    {"1020", "Hygiene and occupational health services not further defined"},
    {"1021", "Community sanitation"},
    {"1022", "Occupational health and safety"},
    {"1029",
     "Hygiene and occupational health services not elsewhere classified"},
    {"103", "Security services"},
    {"1030", "Security services not further defined"},
    {"1031", "Military and defence"},
    {"1032", "Protection of persons and property"},
    {"1039", "Security services not elsewhere classified"},
    {"104", "Transport services"},
    {"1040", "Transport services not further defined"},
    {"1041", "Transport services"},
    {"1049", "Transport services not elsewhere classified"},
    {"108",
     "Inter-disciplinary programmes and qualifications involving services"},
    {"1088",
     "Inter-disciplinary programmes and qualifications involving services"},
    {"109", "Services not elsewhere classified"},
    {"1099", "Services not elsewhere classified"},
    {"99", "Field unknown"},
    {"999", "Field unknown"},
    {"9999", "Field unknown"},
};

/* ISO 3166-1 alpha-2 (from Debian's iso-codes), plus XK for Kosovo. */
static const struct {
	const char *code;
	const char *name;
} country_table[] = {
    {"AD", "Andorra"},
    {"AE", "United Arab Emirates"},
    {"AF", "Afghanistan"},
    {"AG", "Antigua and Barbuda"},
    {"AI", "Anguilla"},
    {"AL", "Albania"},
    {"AM", "Armenia"},
    {"AO", "Angola"},
    {"AQ", "Antarctica"},
    {"AR", "Argentina"},
    {"AS", "American Samoa"},
    {"AT", "Austria"},
    {"AU", "Australia"},
    {"AW", "Aruba"},
    {"AX", "Åland Islands"},
    {"AZ", "Azerbaijan"},
    {"BA", "Bosnia and Herzegovina"},
    {"BB", "Barbados"},
    {"BD", "Bangladesh"},
    {"BE", "Belgium"},
    {"BF", "Burkina Faso"},
    {"BG", "Bulgaria"},
    {"BH", "Bahrain"},
    {"BI", "Burundi"},
    {"BJ", "Benin"},
    {"BL", "Saint Barthélemy"},
    {"BM", "Bermuda"},
    {"BN", "Brunei Darussalam"},
    {"BO", "Bolivia"},
    {"BQ", "Bonaire, Sint Eustatius and Saba"},
    {"BR", "Brazil"},
    {"BS", "Bahamas"},
    {"BT", "Bhutan"},
    {"BV", "Bouvet Island"},
    {"BW", "Botswana"},
    {"BY", "Belarus"},
    {"BZ", "Belize"},
    {"CA", "Canada"},
    {"CC", "Cocos (Keeling) Islands"},
    {"CD", "Congo, The Democratic Republic of the"},
    {"CF", "Central African Republic"},
    {"CG", "Congo"},
    {"CH", "Switzerland"},
    {"CI", "Côte d'Ivoire"},
    {"CK", "Cook Islands"},
    {"CL", "Chile"},
    {"CM", "Cameroon"},
    {"CN", "China"},
    {"CO", "Colombia"},
    {"CR", "Costa Rica"},
    {"CU", "Cuba"},
    {"CV", "Cabo Verde"},
    {"CW", "Curaçao"},
    {"CX", "Christmas Island"},
    {"CY", "Cyprus"},
    {"CZ", "Czechia"},
    {"DE", "Germany"},
    {"DJ", "Djibouti"},
    {"DK", "Denmark"},
    {"DM", "Dominica"},
    {"DO", "Dominican Republic"},
    {"DZ", "Algeria"},
    {"EC", "Ecuador"},
    {"EE", "Estonia"},
    {"EG", "Egypt"},
    {"EH", "Western Sahara"},
    {"ER", "Eritrea"},
    {"ES", "Spain"},
    {"ET", "Ethiopia"},
    {"FI", "Finland"},
    {"FJ", "Fiji"},
    {"FK", "Falkland Islands (Malvinas)"},
    {"FM", "Micronesia, Federated States of"},
    {"FO", "Faroe Islands"},
    {"FR", "France"},
    {"GA", "Gabon"},
    {"GB", "United Kingdom"},
    {"GD", "Grenada"},
    {"GE", "Georgia"},
    {"GF", "French Guiana"},
    {"GG", "Guernsey"},
    {"GH", "Ghana"},
    {"GI", "Gibraltar"},
    {"GL", "Greenland"},
    {"GM", "Gambia"},
    {"GN", "Guinea"},
    {"GP", "Guadeloupe"},
    {"GQ", "Equatorial Guinea"},
    {"GR", "Greece"},
    {"GS", "South Georgia and the South Sandwich Islands"},
    {"GT", "Guatemala"},
    {"GU", "Guam"},
    {"GW", "Guinea-Bissau"},
    {"GY", "Guyana"},
    {"HK", "Hong Kong"},
    {"HM", "Heard Island and McDonald Islands"},
    {"HN", "Honduras"},
    {"HR", "Croatia"},
    {"HT", "Haiti"},
    {"HU", "Hungary"},
    {"ID", "Indonesia"},
    {"IE", "Ireland"},
    {"IL", "Israel"},
    {"IM", "Isle of Man"},
    {"IN", "India"},
    {"IO", "British Indian Ocean Territory"},
    {"IQ", "Iraq"},
    {"IR", "Iran"},
    {"IS", "Iceland"},
    {"IT", "Italy"},
    {"JE", "Jersey"},
    {"JM", "Jamaica"},
    {"JO", "Jordan"},
    {"JP", "Japan"},
    {"KE", "Kenya"},
    {"KG", "Kyrgyzstan"},
    {"KH", "Cambodia"},
    {"KI", "Kiribati"},
    {"KM", "Comoros"},
    {"KN", "Saint Kitts and Nevis"},
    {"KP", "North Korea"},
    {"KR", "South Korea"},
    {"KW", "Kuwait"},
    {"KY", "Cayman Islands"},
    {"KZ", "Kazakhstan"},
    {"LA", "Laos"},
    {"LB", "Lebanon"},
    {"LC", "Saint Lucia"},
    {"LI", "Liechtenstein"},
    {"LK", "Sri Lanka"},
    {"LR", "Liberia"},
    {"LS", "Lesotho"},
    {"LT", "Lithuania"},
    {"LU", "Luxembourg"},
    {"LV", "Latvia"},
    {"LY", "Libya"},
    {"MA", "Morocco"},
    {"MC", "Monaco"},
    {"MD", "Moldova"},
    {"ME", "Montenegro"},
    {"MF", "Saint Martin (French part)"},
    {"MG", "Madagascar"},
    {"MH", "Marshall Islands"},
    {"MK", "North Macedonia"},
    {"ML", "Mali"},
    {"MM", "Myanmar"},
    {"MN", "Mongolia"},
    {"MO", "Macao"},
    {"MP", "Northern Mariana Islands"},
    {"MQ", "Martinique"},
    {"MR", "Mauritania"},
    {"MS", "Montserrat"},
    {"MT", "Malta"},
    {"MU", "Mauritius"},
    {"MV", "Maldives"},
    {"MW", "Malawi"},
    {"MX", "Mexico"},
    {"MY", "Malaysia"},
    {"MZ", "Mozambique"},
    {"NA", "Namibia"},
    {"NC", "New Caledonia"},
    {"NE", "Niger"},
    {"NF", "Norfolk Island"},
    {"NG", "Nigeria"},
    {"NI", "Nicaragua"},
    {"NL", "Netherlands"},
    {"NO", "Norway"},
    {"NP", "Nepal"},
    {"NR", "Nauru"},
    {"NU", "Niue"},
    {"NZ", "New Zealand"},
    {"OM", "Oman"},
    {"PA", "Panama"},
    {"PE", "Peru"},
    {"PF", "French Polynesia"},
    {"PG", "Papua New Guinea"},
    {"PH", "Philippines"},
    {"PK", "Pakistan"},
    {"PL", "Poland"},
    {"PM", "Saint Pierre and Miquelon"},
    {"PN", "Pitcairn"},
    {"PR", "Puerto Rico"},
    {"PS", "Palestine, State of"},
    {"PT", "Portugal"},
    {"PW", "Palau"},
    {"PY", "Paraguay"},
    {"QA", "Qatar"},
    {"RE", "Réunion"},
    {"RO", "Romania"},
    {"RS", "Serbia"},
    {"RU", "Russian Federation"},
    {"RW", "Rwanda"},
    {"SA", "Saudi Arabia"},
    {"SB", "Solomon Islands"},
    {"SC", "Seychelles"},
    {"SD", "Sudan"},
    {"SE", "Sweden"},
    {"SG", "Singapore"},
    {"SH", "Saint Helena, Ascension and Tristan da Cunha"},
    {"SI", "Slovenia"},
    {"SJ", "Svalbard and Jan Mayen"},
    {"SK", "Slovakia"},
    {"SL", "Sierra Leone"},
    {"SM", "San Marino"},
    {"SN", "Senegal"},
    {"SO", "Somalia"},
    {"SR", "Suriname"},
    {"SS", "South Sudan"},
    {"ST", "Sao Tome and Principe"},
    {"SV", "El Salvador"},
    {"SX", "Sint Maarten (Dutch part)"},
    {"SY", "Syria"},
    {"SZ", "Eswatini"},
    {"TC", "Turks and Caicos Islands"},
    {"TD", "Chad"},
    {"TF", "French Southern Territories"},
    {"TG", "Togo"},
    {"TH", "Thailand"},
    {"TJ", "Tajikistan"},
    {"TK", "Tokelau"},
    {"TL", "Timor-Leste"},
    {"TM", "Turkmenistan"},
    {"TN", "Tunisia"},
    {"TO", "Tonga"},
    {"TR", "Türkiye"},
    {"TT", "Trinidad and Tobago"},
    {"TV", "Tuvalu"},
    {"TW", "Taiwan"},
    {"TZ", "Tanzania"},
    {"UA", "Ukraine"},
    {"UG", "Uganda"},
    {"UM", "United States Minor Outlying Islands"},
    {"US", "United States"},
    {"UY", "Uruguay"},
    {"UZ", "Uzbekistan"},
    {"VA", "Holy See (Vatican City State)"},
    {"VC", "Saint Vincent and the Grenadines"},
    {"VE", "Venezuela"},
    {"VG", "Virgin Islands, British"},
    {"VI", "Virgin Islands, U.S."},
    {"VN", "Vietnam"},
    {"VU", "Vanuatu"},
    {"WF", "Wallis and Futuna"},
    {"WS", "Samoa"},
    {"XK", "Kosovo"},
    {"YE", "Yemen"},
    {"YT", "Mayotte"},
    {"ZA", "South Africa"},
    {"ZM", "Zambia"},
    {"ZW", "Zimbabwe"},
};

const char *mc_isced_label(const char *code)
{
	size_t i;

	if (!code)
		return NULL;
	for (i = 0; i < MC__ARRAY_SIZE(isced_table); i++)
		if (strcmp(isced_table[i].code, code) == 0)
			return isced_table[i].label;
	return NULL;
}

void mc_isced_broad(char out[3], const char *code)
{
	out[0] = '\0';
	if (code && code[0] >= '0' && code[0] <= '9' && code[1] >= '0' &&
	    code[1] <= '9') {
		out[0] = code[0];
		out[1] = code[1];
		out[2] = '\0';
	}
}

const char *mc_country_name(const char *alpha2)
{
	size_t i;

	if (!alpha2 || strlen(alpha2) != 2)
		return NULL;
	for (i = 0; i < MC__ARRAY_SIZE(country_table); i++)
		if (strcmp(country_table[i].code, alpha2) == 0)
			return country_table[i].name;
	return NULL;
}

static const char *const partner_countries[] = {"UA", "MK", "GE", "AM",
						"RS", "ME", NULL};

const char *const *mc_partner_countries(void)
{
	return partner_countries;
}

int mc_id_valid(const char *id)
{
	size_t i;

	if (!id || !*id || *id == '-')
		return 0;
	for (i = 0; id[i]; i++) {
		char c = id[i];

		if (i >= MC_ID_MAX)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return 0;
	}
	return 1;
}
