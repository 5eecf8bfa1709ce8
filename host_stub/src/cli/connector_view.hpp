// connector_view.hpp -- how a stored connector is shown: as people read it
// and as --json writes it. Neither ever includes the sealed state.
#ifndef CONSOLE_HOST_CLI_CONNECTOR_VIEW_HPP
#define CONSOLE_HOST_CLI_CONNECTOR_VIEW_HPP

#include <rapidjson/document.h>

#include <ostream>

#include "store/store.hpp"
#include "terminal.hpp"

namespace console_host {

rapidjson::Value connector_json(const ConnectorRecord& c, rapidjson::Document::AllocatorType& a);
void print_connector(std::ostream& out, const Terminal& term, const ConnectorRecord& c);
std::string status_text(const Terminal& term, const std::string& status);

}  // namespace console_host

#endif  // CONSOLE_HOST_CLI_CONNECTOR_VIEW_HPP
