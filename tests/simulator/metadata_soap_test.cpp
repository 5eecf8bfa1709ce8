// Metadata API over SOAP: WebLink and Layout CRUD, list/describe, and the
// faults Salesforce sends (HTTP 500, unprefixed faultcode sf:CODE).
#include "sim_fixture.h"

namespace sfsim_test {
namespace {

using MetadataSoap = SimTest;

const char* kButton =
    "<metadata xsi:type=\"WebLink\"><fullName>Account.SmartFlows</fullName><availability>online</availability>"
    "<displayType>button</displayType><encodingKey>UTF-8</encodingKey><linkType>url</linkType>"
    "<masterLabel>Smart Flows</masterLabel><openType>replace</openType><protected>false</protected>"
    "<url>https://flows.example.com/run?id={!Account.Id}</url></metadata>";

void expect_fault(const HttpResult& r, const std::string& code) {
  EXPECT_EQ(r.status, 500) << r.body;
  EXPECT_TRUE(body_has(r, "<faultcode>" + code + "</faultcode>"));
  EXPECT_TRUE(body_has(r, "<soapenv:Fault>"));
}

TEST_F(MetadataSoap, ReadReturnsTheLayoutAsStoredWithPrefixedEnvelopeAndUnprefixedPayload) {
  const HttpResult r =
      admin_soap("<readMetadata><type>Layout</type><fullNames>Account-Account Layout</fullNames></readMetadata>");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-type").find("text/xml"), std::string::npos);
  EXPECT_TRUE(body_has(r, "<soapenv:Envelope"));
  EXPECT_TRUE(body_has(r,
                       "<soapenv:Body><readMetadataResponse><result><records "
                       "xsi:type=\"Layout\"><fullName>Account-Account Layout</fullName>"));
  EXPECT_TRUE(body_has(r, "<customButtons>View_On_Map</customButtons>"));
  EXPECT_TRUE(body_has(r, "<platformActionList><actionListContext>Record</actionListContext>"));
}

TEST_F(MetadataSoap, ReadingAMissingComponentGivesAnEmptyRecordNotAFault) {
  const HttpResult r =
      admin_soap("<readMetadata><type>WebLink</type><fullNames>Account.Nope</fullNames></readMetadata>");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(body_has(r, "<result><records xsi:nil=\"true\"/></result>"));
}

TEST_F(MetadataSoap, UpsertCreatesThenUpdatesAWebLink) {
  const std::string at = password_token(base(), "minimal@simorg.example");
  const HttpResult first = soap(base(), at, std::string("<upsertMetadata>") + kButton + "</upsertMetadata>");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(body_has(
      first, "<result><created>true</created><fullName>Account.SmartFlows</fullName><success>true</success></result>"));
  const HttpResult second = soap(base(), at, std::string("<upsertMetadata>") + kButton + "</upsertMetadata>");
  EXPECT_TRUE(body_has(second, "<created>false</created>"));
  const auto s = state();
  EXPECT_EQ(std::string(s["weblinks"]["Account.SmartFlows"]["url"].GetString()),
            "https://flows.example.com/run?id={!Account.Id}");
  EXPECT_FALSE(s["weblinks"]["Account.SmartFlows"]["protected"].GetBool());
}

TEST_F(MetadataSoap, PrefixedClientsAreUnderstoodToo) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const std::string env =
      "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:met=\"http://soap.sforce.com/2006/04/metadata\">"
      "<env:Header><met:SessionHeader><met:sessionId>" +
      at +
      "</met:sessionId></met:SessionHeader></env:Header>"
      "<env:Body><met:readMetadata><met:type>WebLink</met:type><met:fullNames>Account.View_On_Map</met:fullNames></"
      "met:readMetadata></env:Body></env:Envelope>";
  const HttpResult r =
      post(url("/services/Soap/m/62.0/00D000000SIMORG"), env, "text/xml; charset=utf-8", {"SOAPAction: readMetadata"});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(body_has(r, "<masterLabel>View on Map</masterLabel>"));
}

TEST_F(MetadataSoap, UpdatingALayoutKeepsWhatTheClientSentBack) {
  const std::string at = password_token(base(), "admin@simorg.example");
  soap(base(), at, std::string("<upsertMetadata>") + kButton + "</upsertMetadata>");
  const std::string layout =
      "<metadata xsi:type=\"Layout\"><fullName>Account-Account %28Marketing%29 Layout</fullName>"
      "<customButtons>SmartFlows</customButtons><layoutSections><customLabel>false</customLabel><label>Info</label>"
      "<layoutColumns><layoutItems><behavior>Required</behavior><field>Name</field></layoutItems></layoutColumns>"
      "<style>OneColumn</style></layoutSections><platformActionList><actionListContext>Record</actionListContext>"
      "<platformActionListItems><actionName>SmartFlows</actionName><actionType>CustomButton</actionType><sortOrder>0</"
      "sortOrder>"
      "</platformActionListItems></platformActionList></metadata>";
  const HttpResult r = soap(base(), at, "<updateMetadata>" + layout + "</updateMetadata>");
  ASSERT_NE(r.body.find("<success>true</success>"), std::string::npos) << r.body;
  const auto s = state();
  const auto& l = s["layouts"]["Account-Account %28Marketing%29 Layout"];
  EXPECT_EQ(std::string(l["customButtons"][0].GetString()), "SmartFlows");
  EXPECT_EQ(l["platformActionList"]["platformActionListItems"][0]["sortOrder"].GetInt(), 0);
  EXPECT_EQ(std::string(l["layoutSections"][0]["layoutColumns"][0]["layoutItems"][0]["field"].GetString()), "Name");
  EXPECT_TRUE(s["layouts"]["Lead-Lead Layout"]["platformActionList"].IsNull());
  EXPECT_EQ(s["layouts"]["Lead-Lead Layout"]["customButtons"].Size(), 0u);
}

TEST_F(MetadataSoap, LayoutReferencingAnUnknownButtonFailsPerComponent) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult r = soap(base(), at,
                            "<upsertMetadata><metadata xsi:type=\"Layout\"><fullName>Lead-Lead Layout</fullName>"
                            "<customButtons>Ghost</customButtons></metadata></upsertMetadata>");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(body_has(r, "<statusCode>FIELD_INTEGRITY_EXCEPTION</statusCode>"));
  EXPECT_TRUE(body_has(r, "<success>false</success>"));
}

TEST_F(MetadataSoap, CreateOfAnExistingAndUpdateOfAMissingComponentFail) {
  const std::string at = password_token(base(), "admin@simorg.example");
  soap(base(), at, std::string("<createMetadata>") + kButton + "</createMetadata>");
  const HttpResult dup = soap(base(), at, std::string("<createMetadata>") + kButton + "</createMetadata>");
  EXPECT_TRUE(body_has(dup, "<statusCode>DUPLICATE_DEVELOPER_NAME</statusCode>"));
  std::string missing = kButton;
  missing.replace(missing.find("Account.SmartFlows"), 18, "Account.Missing1");
  const HttpResult upd = soap(base(), at, "<updateMetadata>" + missing + "</updateMetadata>");
  EXPECT_TRUE(body_has(upd,
                       "<message>In field: fullName - no WebLink named Account.Missing1 found</message>"
                       "<statusCode>INVALID_CROSS_REFERENCE_KEY</statusCode>"));
}

TEST_F(MetadataSoap, WebLinkWithoutRequiredFieldsOrWithABadNameIsRefused) {
  const HttpResult r = admin_soap(
      "<upsertMetadata><metadata xsi:type=\"WebLink\"><fullName>Account.Bad__Name</fullName>"
      "</metadata><metadata xsi:type=\"WebLink\"><fullName>Account.NoFields</fullName></metadata></upsertMetadata>");
  EXPECT_TRUE(body_has(r, "<statusCode>FIELD_INTEGRITY_EXCEPTION</statusCode>"));
  EXPECT_TRUE(body_has(r, "<message>Required field is missing: availability</message>"));
}

TEST_F(MetadataSoap, DeletingAButtonStillOnALayoutFailsUntilItIsRemoved) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult refused = soap(
      base(), at, "<deleteMetadata><type>WebLink</type><fullNames>Account.View_On_Map</fullNames></deleteMetadata>");
  EXPECT_EQ(refused.status, 200);
  EXPECT_TRUE(body_has(refused, "<statusCode>DEPENDENCY_EXISTS</statusCode>"));
  EXPECT_TRUE(body_has(refused, "Layout - Account Layout"));
  EXPECT_TRUE(state()["weblinks"].HasMember("Account.View_On_Map"));

  soap(base(), at, std::string("<upsertMetadata>") + kButton + "</upsertMetadata>");
  const HttpResult ok = soap(
      base(), at, "<deleteMetadata><type>WebLink</type><fullNames>Account.SmartFlows</fullNames></deleteMetadata>");
  EXPECT_TRUE(body_has(ok, "<result><fullName>Account.SmartFlows</fullName><success>true</success></result>"));
  EXPECT_FALSE(state()["weblinks"].HasMember("Account.SmartFlows"));
}

TEST_F(MetadataSoap, ListMetadataNamesLayoutsAndWebLinks) {
  const HttpResult r = admin_soap(
      "<listMetadata><queries><type>Layout</type></queries><queries><type>WebLink</type></queries>"
      "<asOfVersion>62.0</asOfVersion></listMetadata>");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(body_has(r,
                       "<fileName>layouts/Account-Account %28Marketing%29 "
                       "Layout.layout</fileName><fullName>Account-Account %28Marketing%29 Layout</fullName>"));
  EXPECT_TRUE(body_has(r, "<fullName>Invoice__c-Invoice Layout</fullName>"));
  EXPECT_TRUE(body_has(r, "<fullName>Opportunity.Print_Quote</fullName>"));
  EXPECT_TRUE(body_has(r, "<type>WebLink</type>"));
}

TEST_F(MetadataSoap, DescribeMetadataListsLayoutAndWebLink) {
  const HttpResult r = admin_soap("<describeMetadata><asOfVersion>62.0</asOfVersion></describeMetadata>");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(body_has(r, "<childXmlNames>WebLink</childXmlNames>"));
  EXPECT_TRUE(body_has(r, "<xmlName>Layout</xmlName>"));
}

TEST_F(MetadataSoap, InvalidSessionIsAnInvalidSessionIdFault) {
  const HttpResult r =
      soap(base(), "00Dbad!session", "<describeMetadata><asOfVersion>62.0</asOfVersion></describeMetadata>");
  expect_fault(r, "sf:INVALID_SESSION_ID");
  EXPECT_TRUE(body_has(
      r, "<faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring>"));
}

TEST_F(MetadataSoap, UserWithoutModifyAllDataOrModifyMetadataGetsInsufficientAccess) {
  expect_fault(soap(base(), password_token(base(), "basic@simorg.example"),
                    std::string("<upsertMetadata>") + kButton + "</upsertMetadata>"),
               "sf:INSUFFICIENT_ACCESS");
  // Either permission alone is enough.
  for (const char* user : {"no-modifyalldata@simorg.example", "no-modifymetadata@simorg.example"}) {
    const HttpResult r =
        soap(base(), password_token(base(), user), std::string("<upsertMetadata>") + kButton + "</upsertMetadata>");
    EXPECT_EQ(r.status, 200) << user;
  }
}

TEST_F(MetadataSoap, UserWithoutApiEnabledGetsApiCurrentlyDisabledFault) {
  expect_fault(soap(base(), password_token(base(), "no-apienabled@simorg.example"), "<describeMetadata/>"),
               "sf:API_CURRENTLY_DISABLED");
}

TEST_F(MetadataSoap, MalformedXmlAndUnknownOperationsAreClientFaults) {
  const std::string at = password_token(base(), "admin@simorg.example");
  expect_fault(post(url("/services/Soap/m/62.0"), "<soapenv:Envelope><oops>", "text/xml"), "soapenv:Client");
  expect_fault(soap(base(), at, "<frobnicate/>"), "soapenv:Client");
  expect_fault(soap(base(), at, "<readMetadata><type>Flow</type><fullNames>x</fullNames></readMetadata>"),
               "sf:INVALID_TYPE");
}

TEST_F(MetadataSoap, SoapCallsCountAgainstTheDailyLimit) {
  const std::string at = password_token(base(), "admin@simorg.example");
  soap(base(), at, "<describeMetadata/>");
  soap(base(), at, "<listMetadata><queries><type>Layout</type></queries></listMetadata>");
  const auto s = state();
  EXPECT_EQ(s["api_usage"]["used"].GetInt(), 2);
  EXPECT_EQ(s["calls"]["by_endpoint"]["soap.describeMetadata"].GetInt(), 1);
  EXPECT_EQ(s["calls"]["by_endpoint"]["soap.listMetadata"].GetInt(), 1);
}

}  // namespace
}  // namespace sfsim_test
