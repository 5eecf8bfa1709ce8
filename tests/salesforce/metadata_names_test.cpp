// Metadata names as listMetadata gives them and as readMetadata answers:
// managed-package components qualified from namespacePrefix, and read
// answers paired with the request by position.
#include <gtest/gtest.h>

#include "metadata_soap.h"

namespace salesforce {
namespace {

TEST(QualifiedFullName, AddsTheNamespaceToTheComponentsOwnNameOnly) {
  struct Row {
    const char* type;
    const char* listed;
    const char* ns;
    const char* qualified;
  };
  const Row rows[] = {
      {"Layout", "Case-Service Case Layout", "acmesvc", "Case-acmesvc__Service Case Layout"},
      {"Layout", "Case-acmesvc__Service Case Layout", "acmesvc", "Case-acmesvc__Service Case Layout"},  // already
      {"Layout", "Account-Account Layout", "", "Account-Account Layout"},
      {"Layout", "Invoice__c-Invoice Layout", "", "Invoice__c-Invoice Layout"},
      {"WebLink", "Account.Map", "acmesvc", "Account.acmesvc__Map"},
      {"WebLink", "Account.Smart_Flows", "", "Account.Smart_Flows"},
  };
  for (const auto& r : rows) EXPECT_EQ(qualified_full_name(r.type, r.listed, r.ns), r.qualified) << r.listed;
}

XmlTree parse_payload(const std::string& body_inner) {
  const XmlTree doc = parse_xml(
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>" +
      body_inner + "</soapenv:Body></soapenv:Envelope>");
  return *soap_body_payload(doc, nullptr);
}

TEST(ParseListResult, QualifiesManagedComponentsFromNamespacePrefix) {
  const auto listing = parse_list_result(parse_payload(
      "<listMetadataResponse><result><fullName>Case-Service Case Layout</fullName><manageableState>installed"
      "</manageableState><namespacePrefix>acmesvc</namespacePrefix><type>Layout</type></result><result><fullName>"
      "Case-Case Layout</fullName><manageableState>unmanaged</manageableState><type>Layout</type></result>"
      "</listMetadataResponse>"));
  EXPECT_EQ(listing.layouts_of("Case"),
            (std::vector<std::string>{"Case-acmesvc__Service Case Layout", "Case-Case Layout"}));
}

TEST(ParseReadResult, PairsRecordsWithTheRequestByPosition) {
  // Salesforce spells the name it sends back differently (decoded), and
  // answers nil for a name it does not know.
  const auto read = parse_read_result(
      parse_payload("<readMetadataResponse><result><records xsi:type=\"Layout\"><fullName>Account-Account (Marketing) "
                    "Layout</fullName><showEmailCheckbox>false</showEmailCheckbox></records><records xsi:nil=\"true\"/>"
                    "</result></readMetadataResponse>"),
      {"Account-Account %28Marketing%29 Layout", "Account-Gone Layout"});
  ASSERT_EQ(read.size(), 1u);
  const auto it = read.find("Account-Account %28Marketing%29 Layout");
  ASSERT_NE(it, read.end());
  EXPECT_EQ(it->second.get<std::string>("fullName"), "Account-Account %28Marketing%29 Layout");  // written back so
  EXPECT_EQ(it->second.get<std::string>("showEmailCheckbox"), "false");
}

TEST(ParseReadResult, WithoutTheRequestFallsBackToTheNamesTheRecordsCarry) {
  const auto read = parse_read_result(parse_payload(
      "<readMetadataResponse><result><records xsi:type=\"WebLink\"><fullName>Account.Smart_Flows</fullName></records>"
      "</result></readMetadataResponse>"));
  EXPECT_EQ(read.count("Account.Smart_Flows"), 1u);
}

}  // namespace
}  // namespace salesforce
