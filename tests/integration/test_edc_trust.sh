#!/usr/bin/env bash
# Sealed EDCs against an ETSI TS 119 612 trusted list and a CRL, through
# the real binary: a CA and seal certificates made with the openssl
# command line, an EDC sealed with `seal --key --chain`, verified with
# `--trust-anchors LIST.xml`.  Only a granted CA/QC service for e-seals
# (ForeSeals) anchors the seal, and the name is then bound by eIDAS; a
# CA/QC for e-signatures only does not.  The seal certificate's CRL is
# served by python3's http.server on a free loopback port: unrevoked,
# then revoked (forged), then not asked with --offline ("revocation not
# checked").  Needs jq, openssl, python3; without one the test is skipped.
. "$(dirname "$0")/lib.sh"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_TEST_NOW
for tool in jq openssl python3; do
	command -v $tool >/dev/null 2>&1 || skip "$tool is not installed"
done
db=$(mc_db t)
mc_init "$db"
m() { "$mc" --db "$db" "$@"; }
result() { jq -r --arg c "$1" '.checks[] | select(.check == $c) | .result' "$tmp/out"; }
code() { jq -r --arg c "$1" '.checks[] | select(.check == $c) | .code' "$tmp/out"; }

# ---- a CA, a CRL server, a seal certificate naming the CRL ---------------------

cd "$tmp" || exit 1
cat >ca.cnf <<'EOF'
[ca]
default_ca = tca
[tca]
database = index.txt
new_certs_dir = .
certificate = ca.pem
private_key = ca.key
default_md = sha256
default_crl_days = 2
policy = any
crlnumber = crlnumber
[any]
commonName = supplied
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
EOF
: >index.txt
echo 01 >crlnumber
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
	-subj "/O=Trust Test QTSP/CN=Trust Test QC CA for eSeals" -days 30 \
	-config ca.cnf -extensions v3_ca 2>err || fail "openssl: the CA: $(cat err)"

# The CRL is published over plain http:// (as certificates publish them;
# a CRL is signed in itself), on a host other than 127.0.0.1 so that it
# is not the loopback exception of other fetches: 127.0.0.2.
crl_host=127.0.0.2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("'$crl_host'", 0)); print(s.getsockname()[1])')
mkdir crl
python3 -m http.server "$port" --bind $crl_host --directory crl >http.log 2>&1 &
http_pid=$!
at_exit 'kill $http_pid 2>/dev/null'
crl_url="http://$crl_host:$port/ca.crl"
for _ in $(seq 50); do
	(exec 3<>"/dev/tcp/$crl_host/$port") 2>/dev/null && break
	sleep 0.1
done

cat >leaf.ext <<EOF
keyUsage = critical,digitalSignature,nonRepudiation
crlDistributionPoints = URI:$crl_url
EOF
openssl req -new -newkey rsa:2048 -nodes -keyout seal.key -out seal.csr \
	-subj "/C=EE/O=Tallinn College/organizationIdentifier=NTREE-17207834/CN=Tallinn College seal" 2>err ||
	fail "openssl: the seal's request: $(cat err)"
openssl x509 -req -in seal.csr -CA ca.pem -CAkey ca.key -set_serial 0x1001 -days 20 \
	-extfile leaf.ext -out seal.pem 2>err || fail "openssl: the seal: $(cat err)"
cat seal.pem ca.pem >chain.pem

# ---- the credential, sealed ------------------------------------------------------

jq -n '{
  "@context": ["https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap"],
  "id": "urn:uuid:7d1b7f3e-6a5e-4d43-9c38-4a1e2b6c9f01",
  "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
  "credentialProfiles": {"id": "http://data.europa.eu/snb/credential/e34929035b"},
  "displayParameter": {"id": "urn:uuid:d"},
  "issuer": {"id": "urn:uuid:i", "legalName": {"en": "Tallinn College"}},
  "credentialSubject": {"id": "urn:uuid:s", "fullName": {"et": "Mari Tamm"},
    "hasClaim": {"title": {"en": "Welding basics"},
      "specifiedBy": {"eqfLevel": {"id": "http://data.europa.eu/snb/eqf/4"}}}},
  "issued": "2026-01-10T09:00:00Z", "validFrom": "2026-01-10T09:00:00Z",
  "credentialSchema": {"id": "http://data.europa.eu/snb/model/ap/edc-generic-full", "type": "ShaclValidator2017"}
}' >payload.json
expect 0 "seal with the openssl-made seal" -- m seal payload.json --key seal.key --chain chain.pem --out sealed.jsonld

# ---- trusted lists ---------------------------------------------------------------

ca_b64=$(openssl x509 -in ca.pem -outform DER | base64 -w0)
# tl FILE QUALIFIER: a list whose one CA/QC service is our CA, granted, with
# AdditionalServiceInformation QUALIFIER, and a granted qualified TSA.
tl() {
	cat >"$1" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#">
  <SchemeInformation><TSLVersionIdentifier>5</TSLVersionIdentifier></SchemeInformation>
  <TrustServiceProviderList><TrustServiceProvider>
    <TSPInformation><TSPName><Name xml:lang="en">Trust Test QTSP</Name></TSPName></TSPInformation>
    <TSPServices>
      <TSPService><ServiceInformation>
        <ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier>
        <ServiceDigitalIdentity><DigitalId><X509Certificate>$ca_b64</X509Certificate></DigitalId></ServiceDigitalIdentity>
        <ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus>
        <ServiceInformationExtensions><Extension Critical="false"><AdditionalServiceInformation>
          <URI xml:lang="en">http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/$2</URI>
        </AdditionalServiceInformation></Extension></ServiceInformationExtensions>
      </ServiceInformation></TSPService>
      <TSPService><ServiceInformation>
        <ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST</ServiceTypeIdentifier>
        <ServiceDigitalIdentity><DigitalId><X509Certificate>$ca_b64</X509Certificate></DigitalId></ServiceDigitalIdentity>
        <ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus>
      </ServiceInformation></TSPService>
    </TSPServices>
  </TrustServiceProvider></TrustServiceProviderList>
</TrustServiceStatusList>
EOF
}
tl seals.xml ForeSeals
tl signatures.xml ForeSignatures

# No CRL published yet: the distribution point answers 404, and the
# trust check says revocation was not checked, naming it.
expect 0 "a CA/QC for e-seals anchors the seal" -- m verify --json --no-db --trust-anchors seals.xml sealed.jsonld
equal "$(result trust)" passed "ForeSeals: trust passed"
equal "$(code trust)" edc.trust_ok_unreachable "ForeSeals: revocation not checked, the CRL not there"
contains out "$crl_url" "the CRL's address is named"
equal "$(jq -r .about.binding out)" eidas "ForeSeals: the name is bound by eIDAS"
case "$(jq -r .about.bindingDetail out)" in *"Trust Test QC CA for eSeals"*) ok ;; *) fail "the anchor is named" ;; esac

expect 2 "a CA/QC for e-signatures only does not anchor a seal" -- \
	m verify --json --no-db --trust-anchors signatures.xml sealed.jsonld
equal "$(code trust)" edc.trust_no_anchors "ForeSignatures: the list anchors no seal"
equal "$(jq -r .about.binding out)" none "ForeSignatures: the name is unbound"

# ---- the CRL ---------------------------------------------------------------------

openssl ca -config ca.cnf -gencrl -out crl/ca.pem.crl 2>err || fail "openssl: the CRL: $(cat err)"
openssl crl -in crl/ca.pem.crl -outform DER -out crl/ca.crl
expect 0 "the CRL does not list the seal" -- m verify --json --no-db --trust-anchors seals.xml sealed.jsonld
equal "$(code trust)" edc.trust_ok "CRL: checked, not revoked"
equal "$(jq -r '.checks[] | select(.check == "trust") | .params.via' out)" CRL "CRL: named"

expect 0 "--offline: the CRL is not asked" -- m verify --json --no-db --offline --trust-anchors seals.xml sealed.jsonld
equal "$(code trust)" edc.trust_ok_offline "offline: revocation not checked"
contains out "revocation not checked" "offline: said so"

openssl ca -config ca.cnf -revoke seal.pem -crl_reason keyCompromise 2>err || fail "openssl: revoke: $(cat err)"
openssl ca -config ca.cnf -gencrl -out crl/ca.pem.crl 2>err || fail "openssl: the CRL: $(cat err)"
openssl crl -in crl/ca.pem.crl -outform DER -out crl/ca.crl
expect 1 "the seal certificate revoked: not valid" -- m verify --json --no-db --trust-anchors seals.xml sealed.jsonld
equal "$(result trust)" failed "revoked: trust failed"
equal "$(code trust)" edc.cert_revoked "revoked: the code"
equal "$(jq -r '.checks[] | select(.check == "trust") | .params.reason' out)" keyCompromise "revoked: the reason"
equal "$(jq -r .verdictName out)" forged "revoked: the seal cannot be relied on"

finish
