/* split entry: written next */
