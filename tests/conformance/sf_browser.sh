#!/bin/sh
# $BROWSER for the Salesforce CLI conformance test. `sf org login web` starts
# its callback listener only after the browser command returns, so this
# returns at once and leaves the walk to sf_browser.js in the background.
# Environment: SF_TEST_NODE (node binary), SF_BROWSER_LOG (log file).
"$SF_TEST_NODE" "$(dirname "$0")/sf_browser.js" "$1" >>"$SF_BROWSER_LOG" 2>&1 &
exit 0
