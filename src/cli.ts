#!/usr/bin/env node
console.log("bosun");
