enum IPVSAdminPlaceholder {}
