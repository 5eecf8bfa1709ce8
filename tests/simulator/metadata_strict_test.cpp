// What a real org refuses in WebLink and Layout content, one row per rule,
// with Salesforce's answer: a soapenv:Client fault for what the WSDL
// deserializer refuses (unknown or misplaced elements, closed enums, xsd
// types), a per-component error (statusCode, message, fields) for missing
// required fields, and only the encoded spelling of a Layout name.
#include "sim_fixture.h"

namespace sfsim_test {
namespace {

class MetadataStrict : public SimTest {
 protected:
  // upsertMetadata of `component`, as the admin.
  static HttpResult upsert(const std::string& component) {
    return admin_soap("<upsertMetadata>" + component + "</upsertMetadata>");
  }
};

// A valid URL button; `{X}` marks where a row puts its change.
std::string button(const std::string& middle, const std::string& open = "<openType>replace</openType>",
                   const std::string& prot = "<protected>false</protected>") {
  return "<metadata xsi:type=\"WebLink\"><fullName>Account.Strict</fullName><availability>online</availability>"
         "<displayType>button</displayType><encodingKey>UTF-8</encodingKey>" +
         middle + "<linkType>url</linkType><masterLabel>Strict</masterLabel>" + open + prot +
         "<url>https://flows.example.com/run</url></metadata>";
}

// The fault as it appears on the wire (quotes are written as &#39;, which
// an XML reader turns back into ').
std::string fault_body(std::string faultstring) {
  for (std::size_t at = faultstring.find('\''); at != std::string::npos; at = faultstring.find('\'', at))
    faultstring.replace(at, 1, "&#39;");
  return "<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>" + faultstring +
         "</faultstring></soapenv:Fault>";
}

// A rule of the org: a component that breaks it, and what names the break
// in Salesforce's answer (WireFormat: the faultstring; RequiredField: the
// missing field).
struct RuleCase {
  const char* rule;
  std::string component;
  std::string expected;
};

class Rule : public MetadataStrict, public ::testing::WithParamInterface<RuleCase> {};
using WireFormat = Rule;
using RequiredField = Rule;

// A row's test name: its rule, with every character but letters and digits as '_'.
std::string rule_name(const ::testing::TestParamInfo<RuleCase>& info) {
  std::string name;
  for (const char c : std::string(info.param.rule)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

// The whole call fails and nothing is stored.
TEST_P(WireFormat, IsRefusedWithTheDeserializersFault) {
  const RuleCase& c = GetParam();
  const HttpResult r = upsert(c.component);
  EXPECT_EQ(r.status, 500) << c.rule;
  EXPECT_NE(r.body.find(fault_body(c.expected)), std::string::npos) << c.rule << "\n" << r.body;
  const auto s = state();
  EXPECT_FALSE(s["weblinks"].HasMember("Account.Strict")) << c.rule;
  EXPECT_EQ(s["layouts"]["Account-Account Layout"]["customButtons"].Size(), 1u) << c.rule;
}

const char* kNs = "{http://soap.sforce.com/2006/04/metadata}";

std::string layout(const std::string& body) {
  return "<metadata xsi:type=\"Layout\"><fullName>Account-Account Layout</fullName>" + body + "</metadata>";
}

INSTANTIATE_TEST_SUITE_P(
    Rules, WireFormat,
    ::testing::Values(
        RuleCase{"availability enum", button("").replace(button("").find("online"), 6, "sometimes"),
                 "'sometimes' is not a valid value for the enum 'WebLinkAvailability'"},
        RuleCase{"openType enum", button("", "<openType>popup</openType>"),
                 "'popup' is not a valid value for the enum 'WebLinkWindowType'"},
        RuleCase{"displayType enum", button("").replace(button("").find(">button<") + 1, 6, "banner"),
                 "'banner' is not a valid value for the enum 'WebLinkDisplayType'"},
        RuleCase{"encodingKey enum", button("").replace(button("").find("UTF-8"), 5, "UTF-16"),
                 "'UTF-16' is not a valid value for the enum 'Encoding'"},
        RuleCase{"position enum", button("", "<openType>newWindow</openType><position>middle</position>"),
                 "'middle' is not a valid value for the enum 'WebLinkPosition'"},
        RuleCase{"unknown WebLink element", button("<colour>red</colour>"),
                 std::string("Element ") + kNs + "colour invalid at this location in type WebLink"},
        RuleCase{"WebLink element out of WSDL order",
                 "<metadata xsi:type=\"WebLink\"><fullName>Account.Strict</fullName><displayType>button</displayType>"
                 "<availability>online</availability></metadata>",
                 std::string("Element ") + kNs + "availability invalid at this location in type WebLink"},
        RuleCase{"height is an xsd:int", button("<height>tall</height>", "<openType>newWindow</openType>"),
                 "'tall' is not valid for the type xsd:int"},
        RuleCase{"protected is an xsd:boolean",
                 button("", "<openType>replace</openType>", "<protected>maybe</protected>"),
                 "'maybe' is not valid for the type xsd:boolean"},
        RuleCase{"unknown Layout element",
                 layout("<customButtons>View_On_Map</customButtons><buttonColour>red</buttonColour>"),
                 std::string("Element ") + kNs + "buttonColour invalid at this location in type Layout"},
        RuleCase{"actionListContext enum",
                 layout("<platformActionList><actionListContext>Page</actionListContext></platformActionList>"),
                 "'Page' is not a valid value for the enum 'PlatformActionListContext'"},
        RuleCase{"actionType enum",
                 layout("<platformActionList><actionListContext>Record</actionListContext><platformActionListItems>"
                        "<actionName>Edit</actionName><actionType>Button</actionType><sortOrder>0</sortOrder>"
                        "</platformActionListItems></platformActionList>"),
                 "'Button' is not a valid value for the enum 'PlatformActionType'"},
        RuleCase{
            "sortOrder is an xsd:int",
            layout("<platformActionList><actionListContext>Record</actionListContext><platformActionListItems>"
                   "<actionName>Edit</actionName><actionType>StandardButton</actionType><sortOrder>first</sortOrder>"
                   "</platformActionListItems></platformActionList>"),
            "'first' is not valid for the type xsd:int"},
        RuleCase{"unknown platformActionListItems element",
                 layout("<platformActionList><actionListContext>Record</actionListContext><platformActionListItems>"
                        "<actionName>Edit</actionName><actionType>StandardButton</actionType><sortOrder>0</sortOrder>"
                        "<label>Edit</label></platformActionListItems></platformActionList>"),
                 std::string("Element ") + kNs + "label invalid at this location in type PlatformActionListItem"},
        RuleCase{"layout section style enum",
                 layout("<layoutSections><label>Info</label><style>ThreeColumns</style></layoutSections>"),
                 "'ThreeColumns' is not a valid value for the enum 'LayoutSectionStyle'"},
        RuleCase{"layout item behavior enum",
                 layout("<layoutSections><layoutColumns><layoutItems><behavior>Hidden</behavior><field>Name</field>"
                        "</layoutItems></layoutColumns><style>OneColumn</style></layoutSections>"),
                 "'Hidden' is not a valid value for the enum 'UiBehavior'"}),
    rule_name);

// The component fails with REQUIRED_FIELD_MISSING naming the field; the
// call itself succeeds.
TEST_P(RequiredField, FailsThatComponentNamingTheField) {
  const RuleCase& c = GetParam();
  const HttpResult r = upsert(c.component);
  ASSERT_EQ(r.status, 200) << c.rule << "\n" << r.body;
  EXPECT_NE(r.body.find("<success>false</success>"), std::string::npos) << c.rule;
  EXPECT_NE(r.body.find("<errors><fields>" + c.expected + "</fields><message>Required field is missing: " + c.expected +
                        "</message><statusCode>REQUIRED_FIELD_MISSING</statusCode></errors>"),
            std::string::npos)
      << c.rule << "\n"
      << r.body;
  EXPECT_FALSE(state()["weblinks"].HasMember("Account.Strict")) << c.rule;
}

INSTANTIATE_TEST_SUITE_P(
    Rules, RequiredField,
    ::testing::Values(
        RuleCase{"protected", button("", "<openType>replace</openType>", ""), "protected"},
        RuleCase{"height for newWindow", button("", "<openType>newWindow</openType>"), "height"},
        RuleCase{"actionListContext",
                 layout("<platformActionList><platformActionListItems><actionName>Edit</actionName><actionType>"
                        "StandardButton</actionType><sortOrder>0</sortOrder></platformActionListItems>"
                        "</platformActionList>"),
                 "actionListContext"},
        RuleCase{"sortOrder of an action",
                 layout("<platformActionList><actionListContext>Record</actionListContext><platformActionListItems>"
                        "<actionName>Edit</actionName><actionType>StandardButton</actionType>"
                        "</platformActionListItems></platformActionList>"),
                 "sortOrder"}),
    rule_name);

TEST_F(MetadataStrict, NewWindowWithHeightIsAccepted) {
  const HttpResult r = upsert(button("<height>600</height>", "<openType>newWindow</openType>"));
  EXPECT_TRUE(body_has(r, "<created>true</created><fullName>Account.Strict</fullName><success>true</success>"));
  EXPECT_EQ(state()["weblinks"]["Account.Strict"]["height"].GetInt(), 600);
}

// Only the encoded spelling names a layout; the decoded one finds nothing.
TEST_F(MetadataStrict, LayoutIsFoundOnlyByItsEncodedName) {
  const HttpResult decoded = admin_soap(
      "<readMetadata><type>Layout</type><fullNames>Account-Account (Marketing) Layout</fullNames>"
      "<fullNames>Account-Account %28Marketing%29 Layout</fullNames></readMetadata>");
  ASSERT_EQ(decoded.status, 200) << decoded.body;
  EXPECT_TRUE(body_has(decoded,
                       "<result><records xsi:nil=\"true\"/><records xsi:type=\"Layout\"><fullName>Account-Account "
                       "%28Marketing%29 Layout</fullName>"));
  const HttpResult update = admin_soap(
      "<updateMetadata><metadata xsi:type=\"Layout\"><fullName>Account-Account (Marketing) "
      "Layout</fullName></metadata></updateMetadata>");
  EXPECT_TRUE(body_has(update,
                       "<errors><message>In field: fullName - no Layout named Account-Account (Marketing) Layout "
                       "found</message><statusCode>INVALID_CROSS_REFERENCE_KEY</statusCode></errors>"));
  const HttpResult del = admin_soap(
      "<deleteMetadata><type>Layout</type><fullNames>Account-Account (Marketing) Layout</fullNames>"
      "</deleteMetadata>");
  EXPECT_TRUE(body_has(del, "<statusCode>INVALID_CROSS_REFERENCE_KEY</statusCode>"));
  EXPECT_TRUE(state()["layouts"].HasMember("Account-Account %28Marketing%29 Layout"));
}

// Salesforce encodes far more than parentheses: a created layout is stored
// and listed under its encoded name ('.' -> %2E, '&' -> %26, '/' -> %2F).
TEST_F(MetadataStrict, CreatedLayoutNamesAreEncodedAsSalesforceEncodesThem) {
  const HttpResult r = admin_soap(
      "<createMetadata><metadata xsi:type=\"Layout\"><fullName>Account-Sales v1.3 &amp; EMEA/APAC</fullName>"
      "</metadata></createMetadata>");
  EXPECT_TRUE(body_has(r, "<fullName>Account-Sales v1%2E3 %26 EMEA%2FAPAC</fullName><success>true</success>"));
  EXPECT_TRUE(state()["layouts"].HasMember("Account-Sales v1%2E3 %26 EMEA%2FAPAC"));
  const HttpResult list = admin_soap("<listMetadata><queries><type>Layout</type></queries></listMetadata>");
  EXPECT_TRUE(body_has(list, "<fullName>Account-Sales v1%2E3 %26 EMEA%2FAPAC</fullName>"));
}

}  // namespace
}  // namespace sfsim_test
