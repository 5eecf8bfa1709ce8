// Adding and removing the button on a layout read from Salesforce keeps
// everything else the layout holds, in its order.
#include "layout_patch.h"

#include <gtest/gtest.h>

#include "metadata_soap.h"
#include "xml_tree.h"

namespace {

using salesforce::XmlTree;

// A readMetadata response as Salesforce sends it (default namespace,
// prefixed envelope), with a Lightning action list.
constexpr const char* kReadResponse =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <readMetadataResponse>
   <result>
    <records xsi:type="Layout">
     <fullName>Account-Account Layout</fullName>
     <customButtons>View_On_Map</customButtons>
     <excludeButtons>Submit</excludeButtons>
     <layoutSections><label>Info</label><style>TwoColumnsTopToBottom</style></layoutSections>
     <platformActionList>
      <actionListContext>Record</actionListContext>
      <platformActionListItems><actionName>Edit</actionName><actionType>StandardButton</actionType><sortOrder>0</sortOrder></platformActionListItems>
      <platformActionListItems><actionName>View_On_Map</actionName><actionType>CustomButton</actionType><sortOrder>1</sortOrder></platformActionListItems>
     </platformActionList>
     <showEmailCheckbox>false</showEmailCheckbox>
    </records>
    <records xsi:type="Layout">
     <fullName>Account-Plain Layout</fullName>
     <emailDefault>false</emailDefault>
    </records>
    <records xsi:nil="true"/>
   </result>
  </readMetadataResponse>
 </soapenv:Body>
</soapenv:Envelope>)";

std::map<std::string, XmlTree> read_sample() {
  std::string op;
  const XmlTree doc = salesforce::parse_xml(kReadResponse);
  const XmlTree* payload = salesforce::soap_body_payload(doc, &op);
  EXPECT_EQ(op, "readMetadataResponse");
  return salesforce::parse_read_result(*payload);
}

TEST(MetadataRead, ReadsRecordsByFullNameAndSkipsMissingOnes) {
  const auto layouts = read_sample();
  ASSERT_EQ(layouts.size(), 2u);
  EXPECT_EQ(layouts.count("Account-Account Layout"), 1u);
  EXPECT_EQ(layouts.count("Account-Plain Layout"), 1u);
}

TEST(MetadataRead, IsNamespacePrefixAgnostic) {
  std::string prefixed = kReadResponse;
  // Same document with an explicit "met:" prefix on the payload.
  const std::string from = "<readMetadataResponse>";
  prefixed.replace(prefixed.find(from), from.size(),
                   "<met:readMetadataResponse xmlns:met=\"http://soap.sforce.com/2006/04/metadata\">");
  const std::string to = "</readMetadataResponse>";
  prefixed.replace(prefixed.find(to), to.size(), "</met:readMetadataResponse>");
  std::string op;
  const XmlTree doc = salesforce::parse_xml(prefixed);
  ASSERT_NE(salesforce::soap_body_payload(doc, &op), nullptr);
  EXPECT_EQ(op, "readMetadataResponse");
}

TEST(LayoutPatch, AddsTheButtonToTheClassicListAndTheLightningActionList) {
  auto layout = read_sample().at("Account-Account Layout");
  EXPECT_FALSE(salesforce::layout_has_button(layout, "Smart_Flows"));
  EXPECT_TRUE(salesforce::add_button(layout, "Smart_Flows"));
  EXPECT_TRUE(salesforce::layout_has_button(layout, "Smart_Flows"));
  EXPECT_EQ(salesforce::write_element("records", layout),
            "<records><fullName>Account-Account Layout</fullName><customButtons>View_On_Map</customButtons>"
            "<customButtons>Smart_Flows</customButtons><excludeButtons>Submit</excludeButtons>"
            "<layoutSections><label>Info</label><style>TwoColumnsTopToBottom</style></layoutSections>"
            "<platformActionList><actionListContext>Record</actionListContext>"
            "<platformActionListItems><actionName>Edit</actionName><actionType>StandardButton</actionType>"
            "<sortOrder>0</sortOrder></platformActionListItems>"
            "<platformActionListItems><actionName>View_On_Map</actionName><actionType>CustomButton</actionType>"
            "<sortOrder>1</sortOrder></platformActionListItems>"
            "<platformActionListItems><actionName>Smart_Flows</actionName><actionType>CustomButton</actionType>"
            "<sortOrder>2</sortOrder></platformActionListItems></platformActionList>"
            "<showEmailCheckbox>false</showEmailCheckbox></records>");
}

TEST(LayoutPatch, AddingTwiceChangesNothing) {
  auto layout = read_sample().at("Account-Account Layout");
  ASSERT_TRUE(salesforce::add_button(layout, "Smart_Flows"));
  const std::string once = salesforce::write_element("records", layout);
  EXPECT_FALSE(salesforce::add_button(layout, "Smart_Flows"));
  EXPECT_EQ(salesforce::write_element("records", layout), once);
}

TEST(LayoutPatch, ALayoutWithoutButtonsGetsTheListAfterFullNameAndNoActionList) {
  auto layout = read_sample().at("Account-Plain Layout");
  EXPECT_TRUE(salesforce::add_button(layout, "Smart_Flows"));
  EXPECT_EQ(salesforce::write_element("records", layout),
            "<records><fullName>Account-Plain Layout</fullName><customButtons>Smart_Flows</customButtons>"
            "<emailDefault>false</emailDefault></records>");
}

TEST(LayoutPatch, RemovingRestoresTheLayoutExactly) {
  const auto original = read_sample().at("Account-Account Layout");
  auto layout = original;
  salesforce::add_button(layout, "Smart_Flows");
  EXPECT_TRUE(salesforce::remove_button(layout, "Smart_Flows"));
  EXPECT_EQ(salesforce::write_element("records", layout), salesforce::write_element("records", original));
  EXPECT_FALSE(salesforce::remove_button(layout, "Smart_Flows"));
}

TEST(LayoutPatch, OtherCustomButtonsAreNeverTouched) {
  auto layout = read_sample().at("Account-Account Layout");
  salesforce::remove_button(layout, "Smart_Flows");
  EXPECT_TRUE(salesforce::layout_mentions_button(layout, "View_On_Map"));
}

TEST(MetadataSave, ReadsPerComponentResultsAndErrors) {
  const XmlTree doc = salesforce::parse_xml(
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns=\"http://soap.sforce.com/2006/04/metadata\"><soapenv:Body><upsertMetadataResponse>"
      "<result><created>true</created><fullName>Account-A</fullName><success>true</success></result>"
      "<result><created>false</created><errors><message>Invalid custom button name: X</message>"
      "<statusCode>FIELD_INTEGRITY_EXCEPTION</statusCode></errors><fullName>Account-B</fullName>"
      "<success>false</success></result></upsertMetadataResponse></soapenv:Body></soapenv:Envelope>");
  const auto results = salesforce::parse_save_results(*salesforce::soap_body_payload(doc, nullptr));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].success);
  EXPECT_FALSE(results[1].success);
  EXPECT_EQ(results[1].error, "FIELD_INTEGRITY_EXCEPTION: Invalid custom button name: X");
}

TEST(LayoutNames, AreShownAsAdminsKnowThem) {
  EXPECT_EQ(salesforce::layout_object("Account-Account %28Marketing%29 Layout"), "Account");
  EXPECT_EQ(salesforce::layout_display_name("Account-Account %28Marketing%29 Layout"), "Account (Marketing) Layout");
  EXPECT_EQ(salesforce::layout_object("Invoice__c-Invoice Layout"), "Invoice__c");
}

}  // namespace
