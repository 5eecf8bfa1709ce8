// parse_xml builds its local-name tree straight from rapidxml; these check it
// gives what Boost's read_xml(no_comments) and a localising copy gave, the
// way it was built before, for the shapes Salesforce's responses take.
#include "xml_tree.h"

#include <gtest/gtest.h>

#include <boost/property_tree/xml_parser.hpp>
#include <sstream>
#include <string>

#include "console_plugin/console_plugin.hpp"

namespace {

using salesforce::XmlTree;

std::string local(const std::string& qualified) {
  const auto colon = qualified.find(':');
  return colon == std::string::npos ? qualified : qualified.substr(colon + 1);
}

// The former parse_xml: read_xml, then a copy under local names.
void reference_localise(const XmlTree& in, XmlTree& out) {
  bool has_children = false;
  for (const auto& [key, child] : in) {
    if (key == "<xmlattr>") {
      XmlTree& attrs = out.push_back({"<xmlattr>", XmlTree()})->second;
      for (const auto& [name, value] : child) attrs.push_back({local(name), XmlTree(value.data())});
    } else if (key != "<xmlcomment>") {
      has_children = true;
      reference_localise(child, out.push_back({local(key), XmlTree()})->second);
    }
  }
  const bool blank = in.data().find_first_not_of(" \t\r\n") == std::string::npos;
  out.data() = (has_children && blank) ? std::string() : in.data();
}

XmlTree reference_parse(const std::string& text) {
  std::istringstream in(text);
  XmlTree raw;
  boost::property_tree::read_xml(in, raw, boost::property_tree::xml_parser::no_comments);
  XmlTree out;
  reference_localise(raw, out);
  return out;
}

void expect_same_as_read_xml(const std::string& text) {
  const XmlTree got = salesforce::parse_xml(text);
  const XmlTree want = reference_parse(text);
  EXPECT_TRUE(got == want) << text;
}

}  // namespace

TEST(XmlTree, ReadsWhatReadXmlAndALocalisingCopyRead) {
  expect_same_as_read_xml(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns=\"http://soap.sforce.com/2006/04/metadata\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
      "  <soapenv:Body>\n"
      "    <readMetadataResponse>\n"
      "      <result>\n"
      "        <records xsi:type=\"Layout\">\n"
      "          <fullName>Account-Account %28Marketing%29 Layout</fullName>\n"
      "          <!-- a comment -->\n"
      "          <layoutSections><label>A &amp; B &lt;c&gt; "
      "&#65;&#x42;</label><style>TwoColumns</style></layoutSections>\n"
      "          <customButtons>One</customButtons><customButtons>Two</customButtons>\n"
      "          <empty/><spaces>   </spaces>\n"
      "        </records>\n"
      "        <records xsi:nil=\"true\"/>\n"
      "      </result>\n"
      "    </readMetadataResponse>\n"
      "  </soapenv:Body>\n"
      "</soapenv:Envelope>\n");
}

TEST(XmlTree, JoinsTextAndCdataAroundChildrenAsReadXmlDid) {
  expect_same_as_read_xml("<a>one<b>x</b>two<![CDATA[<three> & four]]><c:d e:f=\"g\" h=\"i\">j</c:d> </a>");
  expect_same_as_read_xml("<a:b><!-- only a comment --></a:b>");
  expect_same_as_read_xml("<first/><second>2</second>");
  expect_same_as_read_xml("<a>&bogus; &amp</a>");
}

TEST(XmlTree, RefusesWhatIsNotXmlWithTheReasonReadXmlGave) {
  for (const std::string text : {"<a><b></a>", "<a>", "not xml", "<a x=1/>", "<a>&#xZZ;</a>"}) {
    std::string reason;
    try {
      reference_parse(text);
    } catch (const boost::property_tree::xml_parser_error& e) {
      reason = e.message();
    }
    ASSERT_FALSE(reason.empty()) << text;
    try {
      salesforce::parse_xml(text);
      ADD_FAILURE() << "parsed " << text;
    } catch (const console::Error& e) {
      EXPECT_EQ(e.code(), CONSOLE_ERR_REMOTE_ERROR);
      EXPECT_EQ(std::string(e.what()), "Salesforce sent a response that is not valid XML (" + reason + ")");
    }
  }
}
