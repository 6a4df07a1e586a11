public enum InterfacesPlaceholder {}
